/**
 * The budget at a size well past one conference (a province's year of events in one): 4 sources, 240 lines,
 * 6 000 entries (1 in 20 reversed), on embedded PGlite and on PostgreSQL when it answers. Measures what the
 * finance officer waits for: recording an entry (row locks, checks, audit), the summary page's read model, and
 * the quyết toán as .xlsx and PDF. Figures: median and p95 of repeated runs (ms).
 * HN_BENCH_BUDGET_ENTRIES changes the number of entries.
 */
import { openDatabase, type Database_ } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import type { Principal } from '$lib/server/auth/access';
import { createExpense, createLine, createSource, reverseExpense } from '$lib/server/budget/service';
import { getBudget } from '$lib/server/budget/summary';
import { budgetReport } from '$lib/server/budget/exports';

/** BENCH_QUICK=1: a smaller run (smoke test of the benchmarks). */
const QUICK = process.env.BENCH_QUICK === '1';
const ENTRIES = Number(process.env.HN_BENCH_BUDGET_ENTRIES || (QUICK ? 600 : 6000));
const LINES = 240;

interface Row {
	bench: string;
	case: string;
	[k: string]: string | number;
}

function stats(xs: number[]) {
	const s = [...xs].sort((a, b) => a - b);
	const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
	return { runs: s.length, p50_ms: Math.round(q(0.5) * 10) / 10, p95_ms: Math.round(q(0.95) * 10) / 10 };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
	const t = performance.now();
	const r = await fn();
	return [performance.now() - t, r];
}

async function world(d: Database_) {
	await migrateToLatest(d.db);
	const org = await d.db.insertInto('organisation').values({ name: `Bench kinh phí ${Date.now()}`, kind: 'department' }).returning('id').executeTakeFirstOrThrow();
	const u = await d.db.insertInto('app_user').values({ email: `ketoan${Date.now()}@bench.vn`, full_name: 'Kế toán', password_hash: 'x' }).returning(['id', 'email', 'full_name']).executeTakeFirstOrThrow();
	await d.db.insertInto('membership').values({ user_id: u.id, organisation_id: org.id, role: 'finance' }).execute();
	const p: Principal = { user: { id: u.id, email: u.email, fullName: u.full_name, isSystemAdmin: false }, via: 'session' };
	const ev = await d.db.insertInto('event').values({ organisation_id: org.id, kind: 'tong_ket', title: 'Hội nghị bench', starts_at: new Date('2026-12-18T00:30:00Z'), place_name: 'Khánh Hòa' }).returning('id').executeTakeFirstOrThrow();
	const sources: number[] = [];
	for (let i = 0; i < 4; i++)
		sources.push(await createSource(d.db, p, ev.id, { name: `Nguồn ${i + 1}`, fundType: i ? 'other' : 'programme', decisionNo: `${i}/QĐ`, decisionDate: '2026-01-01', issuer: 'UBND', amount: 50_000_000_000, notes: '' }));
	const lines: number[] = [];
	for (let i = 0; i < LINES; i++)
		lines.push(
			await createLine(d.db, p, ev.id, {
				fundingSourceId: sources[i % 4],
				category: 'other',
				description: `Khoản chi số ${i + 1}`,
				unit: 'gói',
				quantity: 100,
				unitPrice: 200_000_000,
				normId: null,
				notes: '',
				derivedFrom: null,
				derivedParams: {},
				overReason: null
			})
		);
	return { p, eventId: ev.id, lines };
}

async function run(kind: string, d: Database_): Promise<Row[]> {
	const { p, eventId, lines } = await world(d);
	const record: number[] = [];
	for (let i = 0; i < ENTRIES; i++) {
		const [ms, id] = await time(() =>
			createExpense(d.db, p, eventId, { lineId: lines[i % LINES], fundingSourceId: null, spentOn: '2026-12-18', payee: `Nhà cung cấp ${i % 97}`, voucherNo: `PC ${i}`, description: 'Chi phí', amount: 10_000 + (i % 1000), overReason: null })
		);
		record.push(ms);
		if (i % 20 === 0) await reverseExpense(d.db, p, eventId, id, { spentOn: '2026-12-19', voucherNo: `PC ${i}/ĐC`, reason: 'Điều chỉnh' });
	}
	const summary: number[] = [];
	for (let i = 0; i < 7; i++) summary.push((await time(() => getBudget(d.db, p, eventId)))[0]);
	const xlsx: number[] = [];
	const pdf: number[] = [];
	for (let i = 0; i < 3; i++) {
		xlsx.push((await time(() => budgetReport(d.db, p, eventId, 'settlement', 'xlsx')))[0]);
		pdf.push((await time(() => budgetReport(d.db, p, eventId, 'settlement', 'pdf')))[0]);
	}
	return [
		{ bench: 'budget', case: `${kind}: ghi chứng từ (khóa dòng, kiểm tra, nhật ký)`, ...stats(record) },
		{ bench: 'budget', case: `${kind}: tổng hợp (${LINES} khoản, ${ENTRIES + Math.ceil(ENTRIES / 20)} chứng từ)`, ...stats(summary) },
		{ bench: 'budget', case: `${kind}: quyết toán .xlsx`, ...stats(xlsx) },
		{ bench: 'budget', case: `${kind}: quyết toán PDF`, ...stats(pdf) }
	];
}

export default async function (): Promise<Row[]> {
	const rows: Row[] = [];
	const lite = await openDatabase({});
	try {
		rows.push(...(await run('PGlite', lite)));
	} finally {
		await lite.close();
	}
	const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
	const { default: postgres } = await import('postgres');
	const admin = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 });
	const name = `hn_bench_budget_${process.pid}`;
	try {
		await admin.unsafe(`create database "${name}"`);
	} catch {
		await admin.end();
		return rows; // no PostgreSQL here
	}
	const u = new URL(url);
	u.pathname = '/' + name;
	const pg = await openDatabase({ url: u.toString(), max: 4 });
	try {
		rows.push(...(await run('PostgreSQL', pg)));
	} finally {
		await pg.close();
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.end();
	}
	return rows;
}
