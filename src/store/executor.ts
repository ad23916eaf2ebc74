// The one wrapper around the neo4j driver: parameterised reads and writes, plain JS values out.
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { TopolensError } from '../errors.js';
import { widenBoltChunks } from './bolt-chunks.js';

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

export interface WriteTx {
  run(cypher: string, params?: Params): Promise<Row[]>;
}

export class Executor {
  constructor(
    private readonly driver: Driver,
    readonly database: string,
  ) {}

  /** A read routed to any member (a `neo4j://` URI spreads reads over a cluster's readers). */
  read(cypher: string, params: Params = {}): Promise<Row[]> {
    return this.query(cypher, params, neo4j.routing.READ);
  }

  write(cypher: string, params: Params = {}): Promise<Row[]> {
    return this.query(cypher, params, neo4j.routing.WRITE);
  }

  private async query(cypher: string, params: Params, routing: typeof neo4j.routing.READ | typeof neo4j.routing.WRITE): Promise<Row[]> {
    try {
      const res = await this.driver.executeQuery(cypher, params, { database: this.database, routing });
      return res.records.map((r) => r.toObject() as Row);
    } catch (err) {
      throw wrap(err);
    }
  }

  /** Runs `work` in one write transaction: all of it commits, or none (retried on transient errors). */
  async inTransaction<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite((mtx: ManagedTransaction) =>
        work({
          run: async (cypher, params = {}) => (await mtx.run(cypher, params)).records.map((r) => r.toObject() as Row),
        }),
      );
    } catch (err) {
      throw wrap(err);
    } finally {
      await session.close();
    }
  }
}

/** Driver with plain JS numbers (our integers stay well inside 2^53). */
export function createDriver(uri: string, user: string, password: string): Driver {
  widenBoltChunks();
  const auth = password ? neo4j.auth.basic(user, password) : undefined;
  return neo4j.driver(uri, auth, { disableLosslessIntegers: true, logging: { level: 'error', logger: () => {} } });
}

/** Unreachable servers are TOPO_NEO4J (retryable); anything else the database rejects is internal. */
function wrap(err: unknown): unknown {
  if (err instanceof TopolensError) return err;
  if (err instanceof Error && 'code' in err) {
    const code = String((err as { code: unknown }).code);
    const unavailable = code === 'ServiceUnavailable' || code === 'SessionExpired';
    return new TopolensError(unavailable ? 'TOPO_NEO4J' : 'TOPO_INTERNAL', `Neo4j: ${err.message}`, { cause: err });
  }
  return err;
}
