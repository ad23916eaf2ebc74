// Learned risk: one (:Model) per trained version, scoring runs with their drift, and the lookups topRisks makes.
// The device embedding VECTOR INDEX is created when a model is first scored: its dimension comes from the model.
CREATE CONSTRAINT model_version IF NOT EXISTS FOR (m:Model) REQUIRE m.version IS UNIQUE;
CREATE CONSTRAINT scoring_run_id IF NOT EXISTS FOR (r:ScoringRun) REQUIRE r.id IS UNIQUE;
CREATE INDEX device_risk_score IF NOT EXISTS FOR (d:Device) ON (d.riskScore);
CREATE INDEX link_risk_score IF NOT EXISTS FOR (l:Link) ON (l.riskScore);
