from shop.constants import *  # noqa: F403
from shop.constants import FLAVOR as KIND  # noqa: F401
