/**
 * Giấy mời at the size of one provincial conference (150 delegates):
 * - issuing letters: one PDF of 150 letters (to print), 150 separate PDFs, the ZIP of them;
 * - sending 150 invitations, each with its letter rendered at sending time, to a local smtp-server through
 *   the pooled transport (5 connections), from "send a round" to the last mail accepted; and the same into
 *   the in-app outbox (no SMTP), which isolates the cost of rendering from the cost of SMTP.
 * On embedded PGlite, and on PostgreSQL (TEST_DATABASE_URL, DATABASE_URL or the local server when it answers).
 */
import { openDatabase, type Database_ } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { insertDelegates } from '$lib/server/delegates/repository';
import { drain, DEFAULT_WORKER_OPTIONS } from '$lib/server/mail/worker';
import { closeTransporters, saveSmtpSettings } from '$lib/server/mail/transport';
import '$lib/server/invitations/renderer';
import { renderDelegateLetter, renderLettersPdf, renderLettersZip } from '$lib/server/invitations/letter';
import { sendInvitationRound } from '$lib/server/invitations/service';
import { newEventWorld } from '../helpers/factories';
import { startSmtp } from '../helpers/smtp';

/** BENCH_QUICK=1: a smaller run (smoke test of the benchmarks). */
const QUICK = process.env.BENCH_QUICK === '1';
const N = QUICK ? 30 : 150;
const kb = (n: number) => Math.round(n / 102.4) / 10;

async function world(d: Database_, smtpPort: number | null) {
	const w = await newEventWorld(d.db, { startsAt: new Date(Date.now() + 30 * 86400_000) });
	if (smtpPort)
		await saveSmtpSettings(d.db, w.org.id, { host: '127.0.0.1', port: smtpPort, security: 'none', user: null, password: null, from: 'Văn phòng UBND tỉnh <vanphong@tinh.gov.vn>', allowSelfSigned: false }, null);
	const rows = await d.db.transaction().execute((tx) =>
		insertDelegates(
			tx,
			Array.from({ length: N }, (_, i) => ({
				event_id: w.eventId,
				tier_id: w.tiers[i % w.tiers.length].id,
				kind: 'person' as const,
				salutation: i % 2 ? ('Bà' as const) : ('Ông' as const),
				full_name: `Nguyễn Thị Ánh Tuyết ${i + 1}`,
				position: 'Phó Giám đốc',
				unit: `Sở Lao động - Thương binh và Xã hội ${i + 1}`,
				email: `daibieu${i + 1}.${w.eventId}@tinh.gov.vn`,
				protocol_rank: 100 + i,
				source: 'manual' as const
			}))
		)
	);
	return { ...w, ids: rows.map((r) => r.id) };
}

async function benchOn(label: string, d: Database_) {
	const rows: Record<string, unknown>[] = [];
	const row = (c: string, fig: Record<string, unknown>) => rows.push({ bench: 'invitations', db: label, case: c, ...fig });
	const smtp = await startSmtp();
	try {
		// Issuing.
		const w = await world(d, smtp.port);
		let t = performance.now();
		const one = await renderLettersPdf(d.db, w.eventId, 'all');
		row(`${N} letters in one PDF (print)`, { ms: Math.round(performance.now() - t), sizeKB: kb(one.bytes.length), pages: one.count });
		t = performance.now();
		let total = 0;
		for (const id of w.ids) total += (await renderDelegateLetter(d.db, w.eventId, id)).bytes.length;
		const sep = performance.now() - t;
		row(`${N} separate letter PDFs`, { ms: Math.round(sep), msPerLetter: Math.round((10 * sep) / N) / 10, sizeKB: kb(total / N) });
		t = performance.now();
		const zip = await renderLettersZip(d.db, w.eventId, 'all');
		row(`ZIP of ${N} letters`, { ms: Math.round(performance.now() - t), sizeKB: kb(zip.bytes.length) });

		// Sending through SMTP (pooled, 5 connections).
		const opts = { ...DEFAULT_WORKER_OPTIONS, backoffMs: () => 0 };
		t = performance.now();
		const r = await sendInvitationRound(d.db, w.admin, w.eventId, { requestKey: `bench-smtp-${label}` });
		const enqueueMs = performance.now() - t;
		t = performance.now();
		while (await drain(d.db, opts, 'http://127.0.0.1:9'));
		await smtp.waitFor(N, 120_000);
		const sendMs = performance.now() - t;
		const bytes = smtp.received.reduce((s, m) => s + m.attachments.reduce((a, x) => a + x.size, 0), 0);
		row(`send ${N} (SMTP, pooled)`, {
			queued: r.queued,
			enqueueMs: Math.round(enqueueMs),
			ms: Math.round(sendMs),
			perSecond: Math.round((N / sendMs) * 1000 * 10) / 10,
			received: smtp.received.length,
			attachmentKB: kb(bytes / N)
		});

		// The same into the in-app outbox: rendering and bookkeeping only.
		const w2 = await world(d, null);
		t = performance.now();
		await sendInvitationRound(d.db, w2.admin, w2.eventId, { requestKey: `bench-local-${label}` });
		const enq2 = performance.now() - t;
		t = performance.now();
		while (await drain(d.db, opts, 'http://127.0.0.1:9'));
		const local = performance.now() - t;
		row(`send ${N} (local outbox, no SMTP)`, { enqueueMs: Math.round(enq2), ms: Math.round(local), perSecond: Math.round((N / local) * 1000 * 10) / 10 });
	} finally {
		closeTransporters();
		await smtp.close();
	}
	return rows;
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
	// PostgreSQL: TEST_DATABASE_URL or DATABASE_URL, else the local server when it answers (as the other benches).
	const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
	const { default: postgres } = await import('postgres');
	const admin = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 });
	const name = `hn_bench_inv_${process.pid}`;
	const reachable = await admin.unsafe(`create database "${name}"`).then(
		() => true,
		() => false
	);
	if (!reachable) await admin.end({ timeout: 1 }).catch(() => {});
	else {
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
