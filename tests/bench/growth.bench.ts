/**
 * Growth: how each part of the app scales from one conference (150 delegates) to a district's (1 500) and a
 * whole province's communes (15 000), on PGlite and on PostgreSQL. Awards scale with the list (30 / 300 /
 * 3 000). Every event lives in one database (as they would), created in order of size.
 *
 * Phase A, through the services in this process (what the pages and the API call):
 *   import (upload + preview, commit) of the office's .xlsx; the list and its counts; one delegate's pages;
 *   invitation letters (the 40 leaders' letters at every size, the full batch up to 1 500, 15 000
 *   extrapolated and said so); a sending round (queueing every mail) and 50 mails delivered to a local SMTP
 *   server (ms per mail at that size); the invitation overview; live counts after 40 % checked in; the
 *   offline roster; the award list import, linking awards to delegates, ceremony batches, register numbers,
 *   the certificates PDF of every award; the budget's derived lines (gather facts, recompute) and summary.
 * Phase B, the built server (node build) on the same database, over HTTP with the admin's session:
 *   the delegate list page and API, one delegate's page, the check-in live page, the roster, the counts and
 *   summary endpoints; check-in scans (new arrivals, repeats, forged) from 4 scanners at once, beside the
 *   reference GET /api/v1/me.
 *
 * Rows: one per case and database, with the time at each size and the factor per 10×: a whole-list case
 * should grow about 10× (flagged SUPERLINEAR above 13×); a per-item case (one scan, one letter, one
 * delegate's page) should stay flat (flagged GROWS WITH N above 3×: doing it for every item would be
 * quadratic). BENCH_QUICK=1: 150 and 1 500 only. HN_BENCH_GROWTH_SIZES=150,1500 picks the sizes.
 */
import { sql } from 'kysely';
import type { Database_ } from '$lib/server/db';
import { commitImport, createImport } from '$lib/server/delegates/import';
import { getDelegate, listDelegates, summaryOf } from '$lib/server/delegates/service';
import { rotateToken } from '$lib/server/delegates/repository';
import { delegateToken } from '$lib/server/delegates/token';
import { delegateInvitationDetail, invitationOverview, sendInvitationRound } from '$lib/server/invitations/service';
import { lettersSelection, renderLettersPdf } from '$lib/server/invitations/letter';
import '$lib/server/invitations/renderer';
import { claimDue, deliver, DEFAULT_WORKER_OPTIONS } from '$lib/server/mail/worker';
import { closeTransporters, saveSmtpSettings } from '$lib/server/mail/transport';
import { attendanceCounts } from '$lib/server/checkin/presence';
import { loadLiveSummary, offlineRoster } from '$lib/server/checkin/views';
import { commitAwardImport, previewAwardImport } from '$lib/server/awards/service';
import { autoLinkDelegates, batchesView, generateBatches } from '$lib/server/awards/batches';
import { assignRegisterNumbers, renderAwardCertificates } from '$lib/server/certificates/service';
import { createLine, createSource, recomputeDerived } from '$lib/server/budget/service';
import { getBudget } from '$lib/server/budget/summary';
import { gatherFacts } from '$lib/server/budget/inputs';
import { startSmtp } from '../helpers/smtp';
import {
	QUICK,
	awardsXlsx,
	benchEvent,
	benchWorld,
	delegatesXlsx,
	factor,
	growthFlag,
	kb,
	load,
	median,
	onBothDatabases,
	people,
	r1,
	settle,
	startServer,
	timed,
	type BenchDb,
	type Scale,
	type World
} from './support';

const SIZES = (process.env.HN_BENCH_GROWTH_SIZES || (QUICK ? '150,1500' : '150,1500,15000')).split(',').map(Number).filter((n) => n > 0);
/** The full letters PDF is rendered up to this size; beyond it the figure is extrapolated (and marked so). */
const FULL_LETTERS_MAX = Number(process.env.HN_BENCH_LETTERS_MAX || 1500);
/** Mails delivered to the local SMTP server at each size (the rest of the round is cancelled). */
const MAILS = QUICK ? 20 : 50;
/** Scans per kind and size over HTTP (4 scanners at once). */
const SCANS = QUICK ? 100 : 200;
const SCANNERS = 4;

interface Measure {
	case: string;
	scale: Scale;
	unit?: string;
	/** Value per size. */
	at: Map<number, number>;
	/** Extra per size (bytes, counts) shown in the note. */
	notes: Map<number, string>;
}

class Table {
	private byCase = new Map<string, Measure>();
	/** ms per letter of the largest full letters PDF (for the extrapolation beyond FULL_LETTERS_MAX). */
	perLetter: number | null = null;
	constructor(readonly db: string) {}
	put(name: string, scale: Scale, n: number, value: number, note = '', unit = 'ms') {
		let m = this.byCase.get(name);
		if (!m) this.byCase.set(name, (m = { case: name, scale, unit, at: new Map(), notes: new Map() }));
		m.at.set(n, r1(value));
		if (note) m.notes.set(n, note);
	}
	rows(): Record<string, unknown>[] {
		return [...this.byCase.values()].map((m) => {
			const row: Record<string, unknown> = { bench: 'growth', db: this.db, case: m.case, scale: m.scale, unit: m.unit };
			const factors: (number | null)[] = [];
			for (const [i, n] of SIZES.entries()) {
				row[`n=${n}`] = m.at.get(n) ?? null;
				if (i > 0) {
					const prev = SIZES[i - 1];
					const f = factor(m.at.get(prev), m.at.get(n));
					// Per 10×: sizes are 10× apart; other steps are normalised to 10× by the log ratio.
					const per10 = f == null ? null : r1(Math.pow(f, 1 / Math.log10(n / prev)));
					row[`×10 ${prev}→${n}`] = per10;
					factors.push(per10);
				}
			}
			row.flag = growthFlag(m.scale, factors);
			const notes = SIZES.map((n) => m.notes.get(n)).filter(Boolean);
			if (notes.length) row.note = notes.join(' | ');
			return row;
		});
	}
}

interface EventAtSize {
	n: number;
	eventId: number;
	/** Delegates not checked in (for new arrivals over HTTP), with their token version. */
	arrivals: { id: number; v: number }[];
	/** Delegates checked in (repeat scans). */
	present: { id: number; v: number }[];
	oneDelegate: number;
}

async function phaseA(d: Database_, w: World, t: Table, smtpPort: number, n: number): Promise<EventAtSize> {
	const db = d.db;
	const { eventId, tiers } = await benchEvent(db, w, `Hội nghị tổng kết (${n} đại biểu)`);
	const list = people(n);

	// ---------------------------------------------------------------- import
	const bytes = await delegatesXlsx(list);
	const [preview, upMs] = await timed(() => createImport(db, w.admin, eventId, { bytes, filename: `danh-sach-${n}.xlsx` }));
	if (preview.counts.create !== n || preview.counts.errorRows) throw new Error(`import ${n}: ${JSON.stringify(preview.counts)}`);
	const [res, commitMs] = await timed(() => commitImport(db, w.admin, eventId, preview.importId, { planDigest: preview.planDigest }));
	if (res.created !== n) throw new Error(`import ${n}: created ${res.created}`);
	t.put('import: upload + preview (.xlsx)', 'list', n, upMs, `${kb(bytes.length)} KB file`);
	t.put('import: commit', 'list', n, commitMs);

	// The list as it is a week before: replies, a few cancelled, a few reissued links (rotated tokens).
	await sql`update delegate set reply_status = case when id % 10 = 3 then 'declined' when id % 10 < 7 then 'attending' else 'pending' end,
		replied_at = now() where event_id = ${eventId}`.execute(db);
	await sql`update delegate set status = 'cancelled' where event_id = ${eventId} and id % 100 = 17`.execute(db);
	const toRotate = await db.selectFrom('delegate').select('id').where('event_id', '=', eventId).where(sql<boolean>`id % 200 = 11`).execute();
	for (const r of toRotate) await rotateToken(db, r.id);
	await settle(d);
	const ids = await db.selectFrom('delegate').select(['id', 'token_version', 'status']).where('event_id', '=', eventId).orderBy('id').execute();
	const mid = ids[Math.floor(ids.length / 2)].id;

	// ---------------------------------------------------------------- the list
	t.put('delegates: list (service)', 'list', n, await median(() => listDelegates(db, w.admin, eventId, { status: 'current' })));
	t.put('delegates: counts (summaryOf)', 'list', n, await median(() => summaryOf(db, eventId)));
	t.put("one delegate's record (getDelegate)", 'item', n, await median(() => getDelegate(db, w.admin, eventId, mid)));
	t.put("one delegate's invitation page (detail)", 'item', n, await median(() => delegateInvitationDetail(db, w.admin, eventId, mid)));

	// ---------------------------------------------------------------- letters
	const leaders = tiers[0].id;
	const [lead, leadMs] = await timed(() => renderLettersPdf(db, eventId, 'all', leaders));
	t.put("letters: the leaders' tier, ms per letter", 'item', n, leadMs / lead.count, `${lead.count} letters`);
	t.put('letters: selection (protocol order, STT)', 'list', n, await median(() => lettersSelection(db, eventId, 'all'), 3));
	if (n <= FULL_LETTERS_MAX) {
		const [all, allMs] = await timed(() => renderLettersPdf(db, eventId, 'all'));
		t.put('letters: all in one PDF', 'list', n, allMs, `${all.count} letters, ${kb(all.bytes.length)} KB`);
		t.perLetter = allMs / all.count;
	} else {
		// Extrapolated (stated): the selection at this size plus this size × the per-letter time measured at the
		// largest full batch.
		const [sel, selMs] = await timed(() => lettersSelection(db, eventId, 'all'));
		const perLetter = t.perLetter;
		if (perLetter != null) t.put('letters: all in one PDF', 'list', n, selMs + sel.length * perLetter, `EXTRAPOLATED: selection ${Math.round(selMs)} ms + ${sel.length} × ${r1(perLetter)} ms`);
	}

	// ---------------------------------------------------------------- sending
	const [round, enqMs] = await timed(() => sendInvitationRound(db, w.admin, eventId, { requestKey: `bench-growth-${n}-${Date.now()}` }));
	t.put('invitations: send round (queue every mail)', 'list', n, enqMs, `${round.queued} mails`);
	const opts = { ...DEFAULT_WORKER_OPTIONS, backoffMs: () => 0 };
	let handled = 0;
	const tSend = performance.now();
	while (handled < MAILS) {
		const batch = await claimDue(db, opts.concurrency, opts.claimMs);
		if (!batch.length) break;
		const st = await Promise.all(batch.map((m) => deliver(db, m, opts, 'http://127.0.0.1:9')));
		if (st.some((s) => s !== 'sent')) throw new Error(`mail not sent: ${st.join(',')}`);
		handled += batch.length;
	}
	t.put('invitations: deliver to SMTP, ms per mail', 'item', n, (performance.now() - tSend) / handled, `${handled} mails (port ${smtpPort})`);
	// The rest of the round would take N × that; it is cancelled so the next size starts with an empty queue.
	await db.updateTable('mail_message').set({ status: 'cancelled' }).where('event_id', '=', eventId).where('status', 'in', ['queued', 'retry']).execute();
	t.put('invitations: overview (status of every letter)', 'list', n, await median(() => invitationOverview(db, eventId)));

	// ---------------------------------------------------------------- check-in (40 % in, with their audit rows)
	await sql`insert into check_in (event_id, delegate_id, method, checked_in_at, device_id, device_label, staff_label)
		select event_id, id, 'scan', now() - (id % 120) * interval '1 minute', 'bench-door', 'Cửa A', 'Lễ tân'
		from delegate where event_id = ${eventId} and status = 'active' and id % 5 in (0, 1)`.execute(db);
	await sql`insert into audit_log (actor_label, organisation_id, event_id, action, entity_type, entity_id, data)
		select 'Lễ tân', ${w.orgId}, event_id, 'checkin.created', 'delegate', delegate_id::text, '{}'::jsonb
		from check_in where event_id = ${eventId}`.execute(db);
	await settle(d);
	t.put('check-in: attendanceCounts', 'list', n, await median(() => attendanceCounts(db, eventId)));
	t.put('check-in: live summary (loadLiveSummary)', 'list', n, await median(() => loadLiveSummary(db, eventId)));
	const roster = await offlineRoster(db, w.admin, eventId);
	t.put('check-in: offline roster (service)', 'list', n, await median(() => offlineRoster(db, w.admin, eventId)), `${kb(JSON.stringify(roster).length)} KB`);

	// ---------------------------------------------------------------- awards (N / 5)
	const a = Math.round(n / 5);
	const awardBytes = await awardsXlsx(a, list);
	const [view, prevMs] = await timed(() => previewAwardImport(db, w.admin, eventId, awardBytes, `khen-thuong-${a}.xlsx`));
	if (view.errorCount || view.rows.length !== a) throw new Error(`awards ${a}: ${view.rows.length} rows, ${view.errorCount} errors ${JSON.stringify(view.problems.slice(0, 3))}`);
	const [, comMs] = await timed(() =>
		commitAwardImport(db, w.admin, eventId, view.importId, {
			decision: { number: view.hints.number ?? `${n}/QĐ-UBND`, decisionDate: view.hints.date ?? '2026-12-08', formId: view.suggestedFormId!, fund: null, signerPrefix: 'KT. CHỦ TỊCH', signerTitle: 'PHÓ CHỦ TỊCH', signerName: 'Trần Minh Đức' }
		})
	);
	t.put(`awards: import list (preview + commit), N/5 awards`, 'list', n, prevMs + comMs, `${a} awards`);
	await settle(d);
	const [linked, linkMs] = await timed(() => autoLinkDelegates(db, w.admin, eventId));
	t.put('awards: link awards to delegates', 'list', n, linkMs, `${linked.linked} linked`);
	const [gen, genMs] = await timed(() => generateBatches(db, w.admin, eventId, { capacity: 10 }));
	t.put('awards: generate ceremony batches', 'list', n, genMs, `${gen.batches} batches`);
	t.put('awards: batches page (batchesView)', 'list', n, await median(() => batchesView(db, eventId)));
	const [assigned, regMs] = await timed(() => assignRegisterNumbers(db, w.admin, eventId));
	t.put('certificates: register numbers', 'list', n, regMs, `${assigned} numbered`);
	const [cert, certMs] = await timed(() => renderAwardCertificates(db, w.admin, eventId));
	t.put('certificates: PDF of every award', 'list', n, certMs, `${cert.count} certificates`);

	// ---------------------------------------------------------------- budget (derived lines)
	const source = await createSource(db, w.admin, eventId, { name: 'Dự án 7', fundType: 'programme', decisionNo: '1/QĐ', decisionDate: '2026-01-05', issuer: 'UBND tỉnh', amount: 900_000_000_000, notes: '' });
	const line = (category: 'refreshments' | 'meals' | 'printing' | 'prizes', derivedFrom: string, unitPrice: number) =>
		createLine(db, w.admin, eventId, { fundingSourceId: source, category, description: `Dòng ${category} (${derivedFrom})`, unit: 'suất', quantity: 100, unitPrice, normId: null, notes: '', derivedFrom, derivedParams: {}, overReason: 'Đo tải' });
	const [, lineMs] = await timed(async () => {
		await line('refreshments', 'attendance', 30_000);
		await line('meals', 'attendance', 150_000);
		await line('printing', 'letters', 5_000);
		await line('prizes', 'awards:province_fund', 0);
	});
	t.put('budget: 4 derived lines created', 'list', n, lineMs);
	t.put('budget: facts for derived lines (gatherFacts)', 'list', n, await median(() => gatherFacts(db, eventId)));
	t.put('budget: recompute derived lines', 'list', n, await median(() => recomputeDerived(db, w.admin, eventId, { reason: 'Đo tải' })));
	t.put('budget: summary (getBudget)', 'list', n, await median(() => getBudget(db, w.admin, eventId)));

	const active = ids.filter((x) => x.status === 'active');
	return {
		n,
		eventId,
		arrivals: active.filter((x) => x.id % 5 >= 2).map((x) => ({ id: x.id, v: x.token_version })),
		present: active.filter((x) => x.id % 5 < 2).map((x) => ({ id: x.id, v: x.token_version })),
		oneDelegate: mid
	};
}

async function phaseB(b: BenchDb, w: World, t: Table, events: EventAtSize[]) {
	const srv = await startServer(b.serverEnv);
	try {
		const headers = { cookie: w.cookie, accept: 'application/json' };
		/** GET with the session, as a browser asks (gzip accepted); returns the decoded size and the size sent. */
		const get = async (path: string, accept = 'application/json') => {
			const res = await fetch(srv.url + path, { headers: { cookie: w.cookie, accept, 'accept-encoding': 'gzip, deflate' } });
			const body = await res.arrayBuffer();
			if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
			const sent = res.headers.get('content-encoding') ? Number(res.headers.get('content-length') ?? NaN) : body.byteLength;
			return { size: body.byteLength, sent };
		};
		const timeGet = async (path: string, accept?: string): Promise<[number, string]> => {
			let r = await get(path, accept);
			const xs: number[] = [];
			for (let i = 0; i < 3; i++) {
				const s = performance.now();
				r = await get(path, accept);
				xs.push(performance.now() - s);
			}
			xs.sort((x, y) => x - y);
			return [xs[1], r.sent !== r.size ? `${kb(r.size)} KB (${kb(r.sent)} KB gzip)` : `${kb(r.size)} KB`];
		};
		let nonce = 0;
		const scan = (token: string, device: string) =>
			fetch(`${srv.url}/api/v1/events/${ev.eventId}/checkin/scan`, {
				method: 'POST',
				headers: { ...headers, 'content-type': 'application/json' },
				body: JSON.stringify({ token: `${srv.url}/r/${token}`, nonce: `growth-${process.pid}-${++nonce}`, deviceId: device, deviceLabel: device, clientTime: new Date().toISOString() })
			}).then(async (r) => (r.status === 200 ? ((await r.json()) as { code: string }).code : `http_${r.status}`));
		let ev = events[0];
		// Warm-up: JIT, connections, plans.
		for (let i = 0; i < 30; i++) await get('/api/v1/me');
		for (const e of events) {
			ev = e;
			const n = e.n;
			const html = 'text/html';
			const page = async (name: string, path: string, accept = 'application/json') => {
				const [ms, size] = await timeGet(path, accept);
				t.put(name, 'list', n, ms, size);
			};
			await page('HTTP: delegate list page (SSR)', `/events/${e.eventId}/delegates`, html);
			await page('HTTP: GET /delegates (API)', `/api/v1/events/${e.eventId}/delegates`);
			await page('HTTP: GET /delegates/summary', `/api/v1/events/${e.eventId}/delegates/summary`);
			await page('HTTP: GET /invitations?summary=1', `/api/v1/events/${e.eventId}/invitations?summary=1`);
			await page('HTTP: GET /checkin/roster', `/api/v1/events/${e.eventId}/checkin/roster`);
			await page('HTTP: GET /checkin/counts', `/api/v1/events/${e.eventId}/checkin/counts`);
			await page('HTTP: check-in live page (SSR)', `/events/${e.eventId}/checkin`, html);
			const [one, oneSize] = await timeGet(`/events/${e.eventId}/delegates/${e.oneDelegate}`, html);
			t.put("HTTP: one delegate's page (SSR)", 'item', n, one, oneSize);
			const [inv, invSize] = await timeGet(`/events/${e.eventId}/invitations/${e.oneDelegate}`, html);
			t.put("HTTP: one delegate's invitation page (SSR)", 'item', n, inv, invSize);
			const [audit, auditSize] = await timeGet(`/events/${e.eventId}/audit`, html);
			t.put('HTTP: event audit log page (latest entries)', 'item', n, audit, auditSize);

			const ref = await load(SCANNERS, SCANS, () => get('/api/v1/me').then(() => '200'));
			const arrivals = e.arrivals.slice(0, SCANS).map((x) => delegateToken(x.id, x.v));
			const present = e.present.slice(0, SCANS).map((x) => delegateToken(x.id, x.v));
			const forged = arrivals.map((tk) => tk.slice(0, -1) + (tk.endsWith('a') ? 'b' : 'a'));
			const arrive = await load(SCANNERS, arrivals.length, (wk, i) => scan(arrivals[i], `growth-door-a-${wk}`));
			if ((arrive.codes.ok ?? 0) !== arrivals.length) throw new Error(`scan at ${n}: ${JSON.stringify(arrive.codes)}`);
			const repeat = await load(SCANNERS, present.length, (wk, i) => scan(present[i], `growth-door-b-${wk}`));
			const bad = await load(SCANNERS, forged.length, (wk, i) => scan(forged[i], `growth-door-c-${wk}`));
			t.put('HTTP: GET /api/v1/me (reference) p50', 'item', n, ref.p50);
			t.put('HTTP: scan, new arrival p50', 'item', n, arrive.p50, `p95 ${arrive.p95}`);
			t.put('HTTP: scan, already in p50', 'item', n, repeat.p50, `p95 ${repeat.p95}`);
			t.put('HTTP: scan, forged QR p50', 'item', n, bad.p50, `p95 ${bad.p95}`);
		}
	} finally {
		await srv.stop();
	}
}

async function runOn(b: BenchDb): Promise<Record<string, unknown>[]> {
	const t = new Table(b.label);
	const smtp = await startSmtp();
	const events: EventAtSize[] = [];
	let w: World;
	const d = await b.open();
	try {
		w = await benchWorld(d.db, `growth-${b.label}`);
		await saveSmtpSettings(d.db, w.orgId, { host: '127.0.0.1', port: smtp.port, security: 'none', user: null, password: null, from: 'Văn phòng UBND tỉnh <vanphong@khanhhoa.gov.vn>', allowSelfSigned: false }, null);
		for (const n of SIZES) {
			const t0 = performance.now();
			events.push(await phaseA(d, w, t, smtp.port, n));
			console.log(`  growth ${b.label} ${n}: services ${Math.round((performance.now() - t0) / 1000)} s`);
		}
	} finally {
		closeTransporters();
		await smtp.close();
		await d.close();
	}
	const t0 = performance.now();
	await phaseB(b, w, t, events);
	console.log(`  growth ${b.label}: HTTP ${Math.round((performance.now() - t0) / 1000)} s`);
	return t.rows();
}

export default async function () {
	return onBothDatabases('growth', runOn);
}
