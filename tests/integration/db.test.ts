import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabase } from '../helpers/db';
import type { Database_ } from '../../src/lib/server/db';
import { inTransaction, notify } from '../../src/lib/server/db';
import { migrationNames } from '../../src/lib/server/db/migrate';

let d: Database_;
beforeAll(async () => {
	d = await testDatabase();
	await sql`create table t_job (id integer primary key, taken_by text)`.execute(d.db);
	await sql`insert into t_job (id) values (1),(2),(3)`.execute(d.db);
});
afterAll(async () => d?.close());

describe('database layer (same suite on PGlite and PostgreSQL)', () => {
	it('applies every migration', async () => {
		const rows = await d.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
		expect((rows as unknown as { name: string }[]).map((r) => r.name)).toEqual(migrationNames());
	});

	it('runs the app’s sessions without JIT compilation (PostgreSQL) and under the app’s name', async () => {
		if (d.kind !== 'postgres') return expect(d.kind).toBe('pglite');
		const r = await sql<{ jit: string; app: string }>`select current_setting('jit') as jit, current_setting('application_name') as app`.execute(d.db);
		expect(r.rows[0]).toEqual({ jit: 'off', app: 'hoi-nghi' });
	});

	it('commits and rolls back', async () => {
		await inTransaction(d.db, async (tx) => {
			await sql`insert into t_job (id) values (10)`.execute(tx);
		});
		await expect(
			inTransaction(d.db, async (tx) => {
				await sql`insert into t_job (id) values (11)`.execute(tx);
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		const ids = (await sql<{ id: number }>`select id from t_job where id >= 10 order by id`.execute(d.db)).rows.map((r) => r.id);
		expect(ids).toEqual([10]);
	});

	it('keeps concurrent transactions apart', async () => {
		const results = await Promise.allSettled([
			inTransaction(d.db, async (tx) => {
				await sql`insert into t_job (id) values (20)`.execute(tx);
				await new Promise((r) => setTimeout(r, 30));
				throw new Error('rollback A');
			}),
			inTransaction(d.db, async (tx) => {
				await sql`insert into t_job (id) values (21)`.execute(tx);
			})
		]);
		expect(results[0].status).toBe('rejected');
		expect(results[1].status).toBe('fulfilled');
		const ids = (await sql<{ id: number }>`select id from t_job where id in (20, 21)`.execute(d.db)).rows.map((r) => r.id);
		expect(ids).toEqual([21]);
	});

	it('gives three SKIP LOCKED workers three different rows', async () => {
		const claim = (name: string) =>
			inTransaction(d.db, async (tx) => {
				const row = (await sql<{ id: number }>`select id from t_job where taken_by is null and id <= 3 order by id limit 1 for update skip locked`.execute(tx)).rows[0];
				await new Promise((r) => setTimeout(r, 40));
				await sql`update t_job set taken_by = ${name} where id = ${row.id}`.execute(tx);
				return row.id;
			});
		const ids = await Promise.all([claim('a'), claim('b'), claim('c')]);
		expect(new Set(ids).size).toBe(3);
	});

	it('supports savepoints and reports affected rows', async () => {
		await d.db.transaction().execute(async (tx) => {
			await sql`insert into t_job (id) values (30)`.execute(tx);
			await tx.transaction().execute(async () => {}).catch(() => {}); // nested transactions are refused by Kysely
		}).catch(() => {});
		const trx = await d.db.startTransaction().execute();
		await sql`insert into t_job (id) values (31)`.execute(trx);
		const sp = await trx.savepoint('sp1').execute();
		await sql`insert into t_job (id) values (32)`.execute(sp);
		await sp.rollbackToSavepoint('sp1').execute();
		await trx.commit().execute();
		const ids = (await sql<{ id: number }>`select id from t_job where id in (31, 32)`.execute(d.db)).rows.map((r) => r.id);
		expect(ids).toEqual([31]);
		const res = await d.db.updateTable('t_job' as never).set({ taken_by: 'x' } as never).where('id' as never, '>=', 30 as never).executeTakeFirst();
		expect(Number(res.numUpdatedRows)).toBe(1);
	});

	it('parses bigint as a safe number and dates as strings', async () => {
		const r = (await sql<{ big: number; day: string; cnt: number }>`select 9007199254740991::bigint as big, date '2024-04-05' as day, count(*) as cnt from t_job`.execute(d.db)).rows[0];
		expect(r.big).toBe(9007199254740991);
		expect(r.day).toBe('2024-04-05');
		expect(typeof r.cnt).toBe('number');
		await expect(sql`select 9007199254740993::bigint as big`.execute(d.db)).rejects.toThrow(/giới hạn/);
	});

	it('enforces the schema constraints, not only the code', async () => {
		await expect(
			d.db.insertInto('app_user').values({ email: 'Không Hợp Lệ', full_name: 'x', password_hash: 'x' }).execute()
		).rejects.toThrow(/app_user_email_format/);
		const org = await d.db.insertInto('organisation').values({ name: 'Sở Tài chính' }).returning('id').executeTakeFirstOrThrow();
		await expect(d.db.insertInto('organisation').values({ name: 'SỞ TÀI CHÍNH' }).execute()).rejects.toThrow(/organisation_name_key/);
		await expect(
			d.db.insertInto('event').values({ organisation_id: org.id, kind: 'hop' as never, title: 'x', starts_at: new Date() }).execute()
		).rejects.toThrow(/event_kind_check/);
	});
});

describe('LISTEN / NOTIFY (one LISTEN per channel and process, fanned out)', () => {
	const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) => {
		const end = Date.now() + ms;
		while (!(await ok())) {
			if (Date.now() > end) throw new Error(`quá thời gian chờ: ${what}`);
			await new Promise((r) => setTimeout(r, 25));
		}
	};

	it('delivers to every subscriber, and an unsubscribed one hears nothing more', async () => {
		const a: string[] = [];
		const b: string[] = [];
		const unA = await d.listen('hn_t_fanout', (p) => a.push(p));
		const unB = await d.listen('hn_t_fanout', (p) => b.push(p));
		await notify(d.db, 'hn_t_fanout', 'một');
		await until('cả hai nhận "một"', () => a.length === 1 && b.length === 1);
		await unA();
		await notify(d.db, 'hn_t_fanout', 'hai');
		await until('B nhận "hai"', () => b.length === 2);
		expect(a).toEqual(['một']);
		expect(b).toEqual(['một', 'hai']);
		// A subscriber that throws does not keep the others from hearing.
		const unC = await d.listen('hn_t_fanout', () => {
			throw new Error('lỗi của người nghe');
		});
		await notify(d.db, 'hn_t_fanout', 'ba');
		await until('B nhận "ba"', () => b.length === 3);
		await unC();
		await unB();
	});

	it('after its connection is cut, takes the LISTEN up again, tells the subscribers, and keeps unsubscribing right (PostgreSQL)', async () => {
		const heard: string[] = [];
		const gone: string[] = [];
		let resubscribed = 0;
		let goneResubscribed = 0;
		const unGone = await d.listen('hn_t_cut', (p) => gone.push(p), () => goneResubscribed++);
		const un = await d.listen('hn_t_cut', (p) => heard.push(p), () => resubscribed++);
		await notify(d.db, 'hn_t_cut', 'trước');
		await until('nhận "trước"', () => heard.length === 1 && gone.length === 1);
		expect(resubscribed).toBe(0);
		if (d.kind !== 'postgres') {
			// In-process PGlite: the LISTEN cannot be lost, so no subscriber is ever told to reload.
			await un();
			await unGone();
			return expect(resubscribed + goneResubscribed).toBe(0);
		}
		// The server ends the connection that holds the LISTEN (as a restart or a network cut would).
		const cut = await sql<{ n: number }>`
			select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
			where datname = current_database() and query ilike 'listen %hn_t_cut%'`.execute(d.db);
		expect(cut.rows[0].n).toBe(1);
		await until('LISTEN được đăng ký lại', () => resubscribed === 1 && goneResubscribed === 1);
		// A stream closed after the outage unsubscribes: postgres.js alone registers its subscribers again as new
		// ones, so the function it returned before the cut would no longer remove it and "sau" would reach it.
		await unGone();
		await notify(d.db, 'hn_t_cut', 'sau');
		await until('nhận "sau"', () => heard.length === 2);
		expect(heard).toEqual(['trước', 'sau']);
		await new Promise((r) => setTimeout(r, 100));
		expect(gone).toEqual(['trước']);
		await un();
	});
});
