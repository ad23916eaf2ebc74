// Device aliases (chassis id, addresses, discovered hostnames) that let protocols meet on one device.
CREATE CONSTRAINT device_alias_key IF NOT EXISTS FOR (a:DeviceAlias) REQUIRE a.key IS UNIQUE;
