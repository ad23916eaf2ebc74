// Parameterised Cypher of the learned-risk store: models, scoring runs, scores and embeddings, similarity.

export const CREATE_MODEL = `
CREATE (m:Model {version: $version})
SET m.createdAt = datetime($createdAt), m.backend = $backend, m.seed = $seed, m.path = $path,
    m.metrics = $metrics, m.featureSchema = $featureSchema, m.trainingDistribution = $distribution,
    m.embeddingDim = $embeddingDim, m.topologyVersion = $topologyVersion`;

const MODEL_FIELDS = `m {.version, .backend, .seed, .path, .metrics, .featureSchema, .embeddingDim, .topologyVersion, createdAt: toString(m.createdAt)}`;

export const LIST_MODELS = `
MATCH (m:Model)
WHERE $version IS NULL OR m.version = $version
OPTIONAL MATCH (r:ScoringRun)-[:USED_MODEL]->(m)
WITH m, r ORDER BY r.at DESC
WITH m, head(collect(r {.id, .drift, .driftStatus, .maxPsi, .devices, .links, .topologyVersion, at: toString(r.at)})) AS lastScoring
RETURN ${MODEL_FIELDS} AS model, lastScoring
ORDER BY m.createdAt DESC, m.version DESC
LIMIT $limit`;

export const MODEL_BY_VERSION = `
MATCH (m:Model {version: $version})
RETURN ${MODEL_FIELDS} AS model, m.trainingDistribution AS distribution`;

export const LATEST_MODEL = `
MATCH (m:Model)
RETURN ${MODEL_FIELDS} AS model, m.trainingDistribution AS distribution
ORDER BY m.createdAt DESC, m.version DESC
LIMIT 1`;

export const CREATE_SCORING_RUN = `
MATCH (m:Model {version: $version})
CREATE (r:ScoringRun {id: $id})-[:USED_MODEL]->(m)
SET m.embeddingDim = $embeddingDim, r.at = datetime($at), r.drift = $drift, r.driftStatus = $driftStatus, r.maxPsi = $maxPsi,
    r.devices = $devices, r.links = $links, r.topologyVersion = $topologyVersion`;

/** Scores from an older model are replaced; elements the run did not score lose theirs (they left the snapshot). */
export const WRITE_DEVICE_SCORES = `
UNWIND $rows AS r
MATCH (d:Device {id: r.id})
SET d.embedding = r.embedding, d.riskScore = r.score, d.riskImpact = r.impact, d.riskAnomaly = r.anomaly,
    d.riskInstability = r.instability, d.riskExplanation = r.explanation, d.modelVersion = $version`;

export const WRITE_LINK_SCORES = `
UNWIND $rows AS r
MATCH (l:Link {id: r.id})
SET l.embedding = r.embedding, l.riskScore = r.score, l.riskImpact = r.impact, l.riskAnomaly = r.anomaly,
    l.riskInstability = r.instability, l.riskExplanation = r.explanation, l.modelVersion = $version`;

export const CLEAR_STALE_SCORES = `
MATCH (n) WHERE (n:Device OR n:Link) AND n.modelVersion IS NOT NULL AND n.modelVersion <> $version
REMOVE n.embedding, n.riskScore, n.riskImpact, n.riskAnomaly, n.riskInstability, n.riskExplanation, n.modelVersion`;

export const VECTOR_INDEX_OPTIONS = `
SHOW VECTOR INDEXES YIELD name, options WHERE name = $name
RETURN options.indexConfig['vector.dimensions'] AS dimensions`;

export const DROP_INDEX = 'DROP INDEX $name IF EXISTS';

/** The dimension comes from the model (a parameter: index options accept them). */
export const CREATE_DEVICE_VECTOR_INDEX = `
CREATE VECTOR INDEX device_embedding IF NOT EXISTS FOR (d:Device) ON d.embedding
OPTIONS {indexConfig: {\`vector.dimensions\`: $dimensions, \`vector.similarity_function\`: 'cosine'}}`;

export const AWAIT_INDEXES = 'CALL db.awaitIndexes(300)';

export const SIMILAR_DEVICES = `
MATCH (d:Device {id: $id})
WHERE d.embedding IS NOT NULL
CALL db.index.vector.queryNodes('device_embedding', $k, d.embedding) YIELD node, score
WITH d, node, score WHERE node <> d
RETURN node {.*} AS device, score
ORDER BY score DESC, node.id
LIMIT $first`;

export const TOP_DEVICE_RISKS = `
MATCH (d:Device) WHERE d.riskScore IS NOT NULL
RETURN d {.*} AS element
ORDER BY d.riskScore DESC, d.id
LIMIT $first`;

export const TOP_LINK_RISKS = `
MATCH (l:Link) WHERE l.riskScore IS NOT NULL
RETURN l {.*} AS element
ORDER BY l.riskScore DESC, l.id
LIMIT $first`;

/**
 * BGP churn per device: event windows whose peer address is one of the device's addresses (the device is
 * the BGP peer that sent them). Counts withdrawals, path changes and flaps over every stored window.
 */
export const DEVICE_BGP_CHURN = `
MATCH (w:BgpEventWindow) WHERE w.peerAddress IS NOT NULL
WITH toLower(w.peerAddress) AS peer, sum(w.withdrawals + w.pathChanges + w.flaps) AS churn
MATCH (a:DeviceAlias {key: 'ip:' + peer})
RETURN a.deviceId AS deviceId, sum(churn) AS churn`;

export const BGP_WINDOW_COUNT = 'MATCH (w:BgpEventWindow) RETURN count(w) AS windows';

/**
 * OSPF adjacency events (ups, downs, cost changes) the LSDB imports recorded, counted per adjacency and kind, with
 * the devices their router ids name now (null where no device holds that router id any more).
 */
export const OSPF_ADJACENCY_EVENTS = `
MATCH (e:RoutingEvent {protocol: 'ospf'}) WHERE e.kind IN ['adjacency-up', 'adjacency-down', 'cost-change']
WITH e.kind AS kind, e.adjacencyId AS adjacencyId, e.fromRouterId AS fromRouterId, e.toRouterId AS toRouterId, count(e) AS events
OPTIONAL MATCH (a:Device {routerId: fromRouterId})
OPTIONAL MATCH (b:Device {routerId: toRouterId})
RETURN kind, adjacencyId, a.id AS fromDeviceId, b.id AS toDeviceId, events`;
