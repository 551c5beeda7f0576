from sqlalchemy.types import TypeDecorator


class MediumText(TypeDecorator):
    impl = None
