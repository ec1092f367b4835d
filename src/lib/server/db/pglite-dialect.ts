/**
 * A Kysely dialect for PGlite that is correct under concurrency.
 *
 * PGlite is one Postgres session. Interleaving two callers on it corrupts their transactions (STACK.md P8:
 * BEGIN inside BEGIN, a rolled-back row surviving, SKIP LOCKED workers all claiming job 1). So the driver
 * hands its single connection to one caller at a time through a FIFO queue; a Kysely transaction holds it
 * from BEGIN to COMMIT/ROLLBACK. Every acquire is released on every path by Kysely's own finally blocks.
 */
import type { PGlite } from '@electric-sql/pglite';
import {
	CompiledQuery,
	PostgresAdapter,
	PostgresIntrospector,
	PostgresQueryCompiler,
	type DatabaseConnection,
	type DatabaseIntrospector,
	type Dialect,
	type DialectAdapter,
	type Driver,
	type Kysely,
	type QueryCompiler,
	type QueryResult,
	type TransactionSettings
} from 'kysely';

class PGliteConnection implements DatabaseConnection {
	constructor(private readonly pg: PGlite) {}

	async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
		const res = await this.pg.query<R>(compiled.sql, compiled.parameters as unknown[], {
			rowMode: 'object'
		});
		const affected = res.affectedRows ?? 0;
		const isWrite = /^\s*(insert|update|delete|merge|with)/i.test(compiled.sql);
		return {
			rows: res.rows ?? [],
			...(isWrite ? { numAffectedRows: BigInt(affected) } : {})
		};
	}

	async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
		// PGlite has no cursor streaming; the result is already in memory.
		yield await this.executeQuery<R>(compiled);
	}
}

class PGliteDriver implements Driver {
	#connection: PGliteConnection;
	#busy = false;
	#waiters: Array<() => void> = [];

	constructor(private readonly pg: PGlite) {
		this.#connection = new PGliteConnection(pg);
	}

	async init(): Promise<void> {
		await this.pg.waitReady;
	}

	async acquireConnection(): Promise<DatabaseConnection> {
		if (this.#busy) await new Promise<void>((resolve) => this.#waiters.push(resolve));
		this.#busy = true;
		return this.#connection;
	}

	async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		let sql = 'begin';
		if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`;
		if (settings.accessMode) sql += ` ${settings.accessMode}`;
		await conn.executeQuery(CompiledQuery.raw(sql));
	}

	async commitTransaction(conn: DatabaseConnection): Promise<void> {
		await conn.executeQuery(CompiledQuery.raw('commit'));
	}

	async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
		await conn.executeQuery(CompiledQuery.raw('rollback'));
	}

	async savepoint(conn: DatabaseConnection, name: string): Promise<void> {
		await conn.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
	}

	async rollbackToSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
		await conn.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
	}

	async releaseSavepoint(conn: DatabaseConnection, name: string): Promise<void> {
		await conn.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
	}

	async releaseConnection(): Promise<void> {
		const next = this.#waiters.shift();
		if (next) next();
		else this.#busy = false;
	}

	async destroy(): Promise<void> {
		// The owner of the PGlite instance closes it (see db/index.ts); a dialect must not.
	}
}

export class PGliteDialect implements Dialect {
	constructor(private readonly pg: PGlite) {}
	createAdapter(): DialectAdapter {
		return new PostgresAdapter();
	}
	createDriver(): Driver {
		return new PGliteDriver(this.pg);
	}
	createIntrospector(db: Kysely<any>): DatabaseIntrospector {
		return new PostgresIntrospector(db);
	}
	createQueryCompiler(): QueryCompiler {
		return new PostgresQueryCompiler();
	}
}
