import enum

import sqlalchemy as sa
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from shop.text_types import MediumText

db = SQLAlchemy()


class Base(DeclarativeBase):
    pass


class Visibility(enum.Enum):
    PUBLIC = "public"
    PRIVATE = "private"


class Dashboard(Base):
    __tablename__ = "dashboards"
    id = Column(Integer, primary_key=True)
    owner_id = Column("owner", Integer, ForeignKey("users.id"))
    title = Column(String(500))
    description = Column(Text)
    published = Column(sa.Boolean, nullable=False)
    changed_on = Column(sa.DateTime)
    position = Column(MediumText())
    visibility = Column(sa.Enum(Visibility))
    slug: Mapped[str] = mapped_column(String(255))
    version: Mapped[int] = mapped_column()
    charts = relationship("Chart")


class Chart(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(250))
