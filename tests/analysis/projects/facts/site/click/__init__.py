from .core import Command as Command
from .core import Context as Context
from .globals import get_current_context as get_current_context
