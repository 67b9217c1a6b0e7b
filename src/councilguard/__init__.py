"""councilguard: run a council's IT, devices and social media policy."""
