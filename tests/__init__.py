from . import test_accrochage_certifier
from . import test_accrochage_ui
