// Lookups by the names operators type: hostname, router id, chassis id, network.
CREATE INDEX device_hostname IF NOT EXISTS FOR (d:Device) ON (d.hostname);
CREATE INDEX device_router_id IF NOT EXISTS FOR (d:Device) ON (d.routerId);
CREATE INDEX device_chassis_id IF NOT EXISTS FOR (d:Device) ON (d.chassisId);
CREATE INDEX device_network IF NOT EXISTS FOR (d:Device) ON (d.network);
CREATE INDEX link_a_device IF NOT EXISTS FOR (l:Link) ON (l.aDeviceId);
CREATE INDEX link_b_device IF NOT EXISTS FOR (l:Link) ON (l.bDeviceId);
