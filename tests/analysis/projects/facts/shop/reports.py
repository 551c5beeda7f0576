import enum

from marshmallow import Schema, ValidationError, fields, post_load, pre_load, validate

from shop.telemetry import track


class Format(str, enum.Enum):
    PNG = "png"
    CSV = "csv"


class ReportSchema(Schema):
    dashboard = fields.Integer(allow_none=True)
    active = fields.Boolean()
    report_format = fields.String(
        validate=validate.OneOf(choices=tuple(key.value for key in Format))
    )
    kind = fields.Enum(Format, by_value=True)
    name = fields.String(validate=validate.Length(1, 100))
    owner = fields.Integer(data_key="owner_id")
    created = fields.DateTime()


class ReportApi:
    schema = ReportSchema()

    def post(self, request):
        try:
            item = self.schema.load(request.json)
            track("report.created", {
                "dashboard": request.json.get("dashboard", None),
                "active": request.json["active"],
                "format": request.json.get("report_format"),
                "kind": request.json["kind"],
                "owner": request.json["owner_id"],
                "loaded_owner": item["owner"],
                "loaded_kind": item["kind"],
                "created": item["created"],
            })
            track("report.named", {
                "name": request.json["name"],  # expect: RL001
                "created": request.json["created"],  # expect: RL001
                "other": request.json["other"],  # expect: RL001
                "unvalidated_key": request.json["owner"],  # expect: RL001
                "default": request.json.get("dashboard", request.args["x"]),  # expect: RL001
            })
        except ValidationError:
            return None
        return item

    def not_validated(self, request):
        track("report.raw", {"dashboard": request.json["dashboard"]})  # expect: RL001

    def changed_after(self, request):
        item = self.schema.load(request.json)
        item["dashboard"] = request.args["dashboard"]
        request.json.update(request.args)
        track("report.changed", {
            "dashboard": item["dashboard"],  # expect: RL001
            "raw": request.json["dashboard"],  # expect: RL001
        })

    def loaded_elsewhere(self, request, schema: Schema):
        schema.load(request.json)
        track("report.unknown_schema", {"dashboard": request.json["dashboard"]})  # expect: RL001


class SlugSchema(Schema):
    """Its pre_load hook may turn the input into something else before validation."""

    dashboard = fields.Integer()

    @pre_load
    def slug_to_id(self, data, **kwargs):
        return data


class WrappedSchema(Schema):
    """Its post_load hook makes the loaded data whatever it returns."""

    dashboard = fields.Integer()

    @post_load(pass_many=False)
    def wrap(self, data, **kwargs):
        return data


def hooks(request):
    item = SlugSchema().load(request.json)
    track("report.hooks", {
        "raw": request.json["dashboard"],  # expect: RL001
        "loaded": item["dashboard"],
    })
    wrapped = WrappedSchema().load(request.json)
    track("report.hooks", {
        "raw": request.json["dashboard"],
        "loaded": wrapped["dashboard"],  # expect: RL001
    })
