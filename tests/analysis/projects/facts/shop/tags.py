from shop.orm import db
from shop.telemetry import track


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))


def tagged(tag: Tag):
    track("tag.added", {
        "tag_id": tag.id,
        "name": tag.name,  # expect: RL001
    })
