/**
 * Delegate list import: the Ninh Thuận fixture (144 rows) and generated office-shaped lists of 3 750,
 * 7 500 and 15 000 rows (.xlsx with title rows, tier sections, merged titles; and the 15 000 as CSV),
 * on PGlite and on PostgreSQL.
 *
 * Phases, each timed on its own:
 * - parse: readTable + parseDelegateSheet (pure, no database);
 * - upload: createImport (stores the file, parses, matches against the list, returns the preview);
 * - preview: previewImport again (what the preview page costs on each load);
 * - commit: commitImport (one transaction: inserts, token hashes, audit);
 * - re-import: the same list again into the now-full event (every row matched: the matching path),
 *   upload + commit.
 * The per-1 000-rows columns show whether anything grows faster than the list.
 *
 * PostgreSQL: TEST_DATABASE_URL or DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test when it
 * answers; a throw-away database is created and dropped. HN_BENCH_IMPORT_SIZES changes the sizes.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { openDatabase, type Database_ } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { createEvent } from '$lib/server/events/service';
import { commitImport, createImport, previewImport } from '$lib/server/delegates/import';
import { parseDelegateSheet, readTable } from '$lib/server/sheets';
import type { Principal } from '$lib/server/auth/access';

/** BENCH_QUICK=1: a smaller run (smoke test of the benchmarks). */
const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = (process.env.HN_BENCH_IMPORT_SIZES || (QUICK ? '1500' : '3750,7500,15000')).split(',').map(Number).filter((n) => n > 0);
const TIERS = ['Cấp tỉnh', 'Cấp huyện', 'Cấp xã', 'Tập thể, cá nhân được khen thưởng'];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Trương', 'Bùi', 'Đặng', 'Đỗ', 'Ngô', 'Hồ', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Hữu', 'Ngọc', 'Thanh', 'Đức', 'Thu', 'Kim'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hoa', 'Hùng', 'Lan', 'Long', 'Mai', 'Nam', 'Ngân', 'Phúc', 'Sơn', 'Tâm', 'Thảo', 'Trung', 'Tuấn', 'Yến'];
const POSITIONS = ['Giám đốc', 'Phó Giám đốc', 'Trưởng phòng', 'Chuyên viên', 'Chủ tịch UBND', 'Phó Chủ tịch UBND', 'Công chức', 'Trưởng thôn'];

/** An office-shaped list of n delegates: title rows, a header, a section per tier, every person unique. */
async function generatedXlsx(n: number): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('Danh sách');
	ws.addRow(['ỦY BAN NHÂN DÂN TỈNH']);
	ws.addRow([`DANH SÁCH ĐẠI BIỂU (${n} người)`]);
	ws.mergeCells('A1:H1');
	ws.mergeCells('A2:H2');
	ws.addRow([]);
	ws.addRow(['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị', 'Điện thoại', 'Email', 'Cấp', 'Ghi chú']);
	for (const [t, tier] of TIERS.entries()) {
		ws.addRow([`${'ABCD'[t]}. ĐẠI BIỂU ${tier.toUpperCase()}`]);
		const from = Math.floor((n * t) / TIERS.length);
		const to = Math.floor((n * (t + 1)) / TIERS.length);
		for (let i = from; i < to; i++) ws.addRow(rowOf(i, tier));
	}
	ws.addRow([]);
	ws.addRow([`Tổng cộng: ${n} đại biểu`]);
	return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function rowOf(i: number, tier: string): (string | number)[] {
	const name = `${FAMILY[i % FAMILY.length]} ${MIDDLE[Math.floor(i / FAMILY.length) % MIDDLE.length]} ${GIVEN[Math.floor(i / 150) % GIVEN.length]} ${i}`;
	return [
		i + 1,
		name,
		POSITIONS[i % POSITIONS.length],
		`Đơn vị số ${Math.floor(i / 7)}`,
		`09${String(10_000_000 + i).slice(-8)}`,
		i % 6 === 0 ? '' : `daibieu${i}@tinh.gov.vn`,
		tier,
		i % 11 === 0 ? 'Phát biểu' : ''
	];
}

function generatedCsv(n: number): Uint8Array {
	const lines = ['\ufeffSTT;Họ và tên;Chức vụ;Đơn vị;Điện thoại;Email;Cấp;Ghi chú'];
	for (const [t, tier] of TIERS.entries()) {
		const from = Math.floor((n * t) / TIERS.length);
		const to = Math.floor((n * (t + 1)) / TIERS.length);
		for (let i = from; i < to; i++) lines.push(rowOf(i, tier).join(';'));
	}
	return new TextEncoder().encode(lines.join('\r\n'));
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
	const t0 = performance.now();
	const r = await fn();
	return [r, Math.round(performance.now() - t0)];
}

async function world(d: Database_): Promise<{ admin: Principal; orgId: number }> {
	const org = await d.db.insertInto('organisation').values({ name: `Bench nhập ${Date.now()}`, kind: 'province_office' }).returning('id').executeTakeFirstOrThrow();
	const user = await d.db
		.insertInto('app_user')
		.values({ email: `nhap${Date.now()}@bench.vn`, full_name: 'Người nhập', password_hash: 'x' })
		.returning(['id', 'email', 'full_name', 'is_system_admin'])
		.executeTakeFirstOrThrow();
	await d.db.insertInto('membership').values({ user_id: user.id, organisation_id: org.id, role: 'admin' }).execute();
	return { admin: { user: { id: user.id, email: user.email, fullName: user.full_name, isSystemAdmin: false }, via: 'session' }, orgId: org.id };
}

async function benchOn(dbName: string, d: Database_): Promise<Record<string, unknown>[]> {
	const { admin, orgId } = await world(d);
	const cases: { name: string; rows: number; bytes: Uint8Array; file: string }[] = [
		{ name: 'fixture 144 (.xlsx)', rows: 144, bytes: fs.readFileSync('tests/fixtures/so-ket-2024-ninh-thuan/delegates.xlsx'), file: 'delegates.xlsx' }
	];
	for (const n of SIZES) cases.push({ name: `generated ${n} (.xlsx)`, rows: n, bytes: await generatedXlsx(n), file: `ds-${n}.xlsx` });
	const biggest = Math.max(...SIZES);
	cases.push({ name: `generated ${biggest} (.csv)`, rows: biggest, bytes: generatedCsv(biggest), file: `ds-${biggest}.csv` });

	const out: Record<string, unknown>[] = [];
	for (const c of cases) {
		const eventId = await createEvent(
			d.db,
			admin,
			orgId,
			{ kind: 'so_ket', title: `Bench ${c.name}`, movement: '', periodLabel: '', startsAt: new Date('2024-04-05T00:30:00Z'), endsAt: null, venue: '', address: '', organiserName: '', authorityParent: '', authorityName: '', placeName: '', docNumber: '', docSymbol: '', signerPrefix: '', signerTitle: '', signerName: '', notes: '' },
			{ presetKey: 'four_levels_2024' }
		);
		const [parsed, parseMs] = await time(async () => parseDelegateSheet(await readTable(c.bytes, c.file), { tiers: TIERS }));
		if (parsed.rows.length !== c.rows) throw new Error(`${c.name}: parsed ${parsed.rows.length} rows`);
		const [p, uploadMs] = await time(() => createImport(d.db, admin, eventId, { bytes: c.bytes, filename: c.file }));
		if (p.counts.create !== c.rows || p.counts.errorRows) throw new Error(`${c.name}: ${JSON.stringify(p.counts)}`);
		const [, previewMs] = await time(() => previewImport(d.db, admin, eventId, p.importId));
		const [r, commitMs] = await time(() => commitImport(d.db, admin, eventId, p.importId, { planDigest: p.planDigest }));
		if (r.created !== c.rows) throw new Error(`${c.name}: created ${r.created}`);
		// The same list again: every row now matches a delegate on the list.
		const [again, reUploadMs] = await time(() => createImport(d.db, admin, eventId, { bytes: c.bytes, filename: c.file }));
		if (again.counts.unchanged !== c.rows) throw new Error(`${c.name}: re-import ${JSON.stringify(again.counts)}`);
		const [, reCommitMs] = await time(() => commitImport(d.db, admin, eventId, again.importId, { planDigest: again.planDigest }));
		const per = (ms: number) => Math.round((ms / c.rows) * 1000);
		out.push({
			bench: 'import',
			db: dbName,
			case: c.name,
			rows: c.rows,
			'parse ms': parseMs,
			'upload+preview ms': uploadMs,
			'preview ms': previewMs,
			'commit ms': commitMs,
			'total ms': uploadMs + commitMs,
			'parse ms/1000': per(parseMs),
			'preview ms/1000': per(previewMs),
			'commit ms/1000': per(commitMs),
			're-import ms': reUploadMs + reCommitMs
		});
	}
	return out;
}

async function postgresUrl(): Promise<string | null> {
	const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
	const { default: postgres } = await import('postgres');
	const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 });
	try {
		await sql`select 1`;
		return url;
	} catch {
		return null;
	} finally {
		await sql.end();
	}
}

export default async function () {
	const out: Record<string, unknown>[] = [];
	const lite = await openDatabase({});
	try {
		await migrateToLatest(lite.db);
		out.push(...(await benchOn('PGlite', lite)));
	} finally {
		await lite.close();
	}
	const url = await postgresUrl();
	if (url) {
		const { default: postgres } = await import('postgres');
		const admin = postgres(url, { max: 1, onnotice: () => {} });
		const name = `hn_bench_import_${process.pid}`;
		await admin.unsafe(`create database "${name}"`);
		const u = new URL(url);
		u.pathname = '/' + name;
		const pg = await openDatabase({ url: u.toString(), max: 8 });
		try {
			await migrateToLatest(pg.db);
			out.push(...(await benchOn('PostgreSQL', pg)));
		} finally {
			await pg.close();
			await admin.unsafe(`drop database if exists "${name}" with (force)`);
			await admin.end();
		}
	}
	return out;
}
