from . import accrochage_certifier
from . import res_config_settings
