import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { testDatabase } from '../helpers/db';
import { newOrganisation } from '../helpers/factories';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import type { Database_ } from '../../src/lib/server/db';
import { enqueueMessage, createBatch, batchProgress, requeueMessage } from '../../src/lib/server/mail/outbox';
import { registerAttachmentRenderer } from '../../src/lib/server/mail/attachments';
import { claimDue, drain, markInterrupted, DEFAULT_WORKER_OPTIONS, HANDED_MARK } from '../../src/lib/server/mail/worker';
import { saveSmtpSettings, closeTransporters, classifySendError } from '../../src/lib/server/mail/transport';

let d: Database_;
let smtp: TestSmtp;
let orgId: number;
let localOrgId: number;
const opts = { ...DEFAULT_WORKER_OPTIONS, backoffMs: () => 0 };
const URL = 'http://127.0.0.1:9';

function pdfBytes(n: number): Uint8Array {
	// A deterministic pseudo-PDF of ~117 KB per message (the size of a real letter).
	const out = new Uint8Array(117 * 1024);
	let x = n * 2654435761;
	for (let i = 0; i < out.length; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		out[i] = x >>> 24;
	}
	out.set(new TextEncoder().encode('%PDF-1.7\n'), 0);
	return out;
}
registerAttachmentRenderer('test_pdf', async (_db, p) => pdfBytes(Number(p.n)));

beforeAll(async () => {
	d = await testDatabase();
	smtp = await startSmtp();
	orgId = (await newOrganisation(d.db)).id;
	localOrgId = (await newOrganisation(d.db)).id;
	await saveSmtpSettings(d.db, orgId, { host: '127.0.0.1', port: smtp.port, security: 'none', user: null, password: null, from: 'Văn phòng UBND tỉnh <vanphong@tinh.gov.vn>', allowSelfSigned: false }, null);
});
afterAll(async () => {
	closeTransporters();
	await smtp?.close();
	await d?.close();
});

const sha = (b: Uint8Array | Buffer) => createHash('sha256').update(b).digest('hex');

describe('mail outbox', () => {
	it('delivers 150 mails with byte-identical attachments, once each', async () => {
		smtp.received.length = 0;
		const batchId = await createBatch(d.db, { organisationId: orgId, eventId: null, kind: 'test', label: 'Đợt 1', createdBy: null });
		for (let n = 1; n <= 150; n++) {
			await enqueueMessage(d.db, {
				organisationId: orgId,
				eventId: null,
				batchId,
				kind: 'test',
				idempotencyKey: `t150:${n}`,
				to: `daibieu${n}@tinh.gov.vn`,
				toName: `Đại biểu Nguyễn Thị Ánh ${n}`,
				subject: `Giấy mời dự Hội nghị tổng kết (${n})`,
				text: 'Kính gửi đại biểu: trân trọng kính mời.',
				attachments: [{ filename: `giấy-mời-${n}.pdf`, contentType: 'application/pdf', renderer: 'test_pdf', params: { n } }]
			});
		}
		const t0 = performance.now();
		await drain(d.db, opts, URL);
		const ms = performance.now() - t0;
		await smtp.waitFor(150);
		expect(smtp.received).toHaveLength(150);
		const byTo = new Map(smtp.received.map((m) => [m.to && !Array.isArray(m.to) ? m.to.value[0].address : '', m]));
		expect(byTo.size).toBe(150);
		for (let n = 1; n <= 150; n++) {
			const m = byTo.get(`daibieu${n}@tinh.gov.vn`)!;
			expect(m.subject).toBe(`Giấy mời dự Hội nghị tổng kết (${n})`);
			expect(m.attachments[0].filename).toBe(`giấy-mời-${n}.pdf`);
			expect(sha(m.attachments[0].content)).toBe(sha(pdfBytes(n)));
		}
		const p = await batchProgress(d.db, batchId);
		expect(p).toMatchObject({ sent: 150, total: 150, failed: 0 });
		console.log(`150 thư (117 KB đính kèm) gửi qua SMTP cục bộ: ${Math.round(ms)} ms`);
	});

	it('queues a logical mail once, however often it is enqueued', async () => {
		const a = await enqueueMessage(d.db, { organisationId: orgId, eventId: null, kind: 'test', idempotencyKey: 'once:1', to: 'a@b.vn', subject: 'một lần', text: 't' });
		const b = await enqueueMessage(d.db, { organisationId: orgId, eventId: null, kind: 'test', idempotencyKey: 'once:1', to: 'a@b.vn', subject: 'một lần', text: 't' });
		expect(a).toBeTypeOf('number');
		expect(b).toBeNull();
	});

	it('records a permanent rejection with its reason and retries a transient one', async () => {
		smtp.received.length = 0;
		smtp.rejectPermanent.add('sai.dia.chi@tinh.gov.vn');
		smtp.rejectTransient.set('ban@tinh.gov.vn', 2);
		const bad = (await enqueueMessage(d.db, { organisationId: orgId, eventId: null, kind: 'test', idempotencyKey: 'perm:1', to: 'sai.dia.chi@tinh.gov.vn', subject: 's', text: 't' }))!;
		const busy = (await enqueueMessage(d.db, { organisationId: orgId, eventId: null, kind: 'test', idempotencyKey: 'trans:1', to: 'ban@tinh.gov.vn', subject: 's', text: 't' }))!;
		for (let i = 0; i < 4; i++) await drain(d.db, opts, URL);
		const rows = await d.db.selectFrom('mail_message').select(['id', 'status', 'attempts', 'last_error', 'error_kind']).where('id', 'in', [bad, busy]).orderBy('id').execute();
		expect(rows[0]).toMatchObject({ status: 'failed', error_kind: 'permanent', attempts: 1 });
		expect(rows[0].last_error).toContain('550');
		expect(rows[1]).toMatchObject({ status: 'sent', attempts: 3 });
		expect(smtp.received.filter((m) => m.subject === 's')).toHaveLength(1);
	});

	it('never resends a mail interrupted mid-send; a person can requeue it', async () => {
		smtp.received.length = 0;
		const id = (await enqueueMessage(d.db, { organisationId: orgId, eventId: null, kind: 'test', idempotencyKey: 'crash:1', to: 'x@tinh.gov.vn', subject: 'crash', text: 't' }))!;
		// A worker claimed it, handed it to the SMTP server and was killed before recording the result.
		const claimed = await claimDue(d.db, 10, 60_000);
		expect(claimed.map((m) => m.id)).toContain(id);
		await sql`update mail_message set claim_token = claim_token || ${HANDED_MARK}, locked_until = now() - interval '1 second' where id = ${id}`.execute(d.db);
		expect(await markInterrupted(d.db)).toBe(1);
		await drain(d.db, opts, URL);
		const row = await d.db.selectFrom('mail_message').select(['status', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.status).toBe('uncertain');
		expect(row.last_error).toContain('gián đoạn');
		expect(smtp.received).toHaveLength(0);
		expect(await requeueMessage(d.db, id)).toBe(true);
		await drain(d.db, opts, URL);
		expect(smtp.received.map((m) => m.subject)).toEqual(['crash']);
	});

	it('queues again a mail interrupted before it reached the SMTP server, and sends it once', async () => {
		smtp.received.length = 0;
		const id = (await enqueueMessage(d.db, { organisationId: orgId, eventId: null, kind: 'test', idempotencyKey: 'crash:2', to: 'y@tinh.gov.vn', subject: 'crash before smtp', text: 't' }))!;
		// Claimed, then killed while rendering its attachments: never handed to the server.
		const claimed = await claimDue(d.db, 10, 60_000);
		expect(claimed.map((m) => m.id)).toContain(id);
		await sql`update mail_message set locked_until = now() - interval '1 second' where id = ${id}`.execute(d.db);
		expect(await markInterrupted(d.db)).toBe(1);
		const row = await d.db.selectFrom('mail_message').select(['status', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.status).toBe('queued');
		await drain(d.db, opts, URL);
		await smtp.waitFor(1);
		expect(smtp.received.map((m) => m.subject)).toEqual(['crash before smtp']);
		expect((await d.db.selectFrom('mail_message').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('sent');
	});

	it('a sole worker (embedded database) takes back at once the live claims of a process that died before it started', async () => {
		smtp.received.length = 0;
		const a = (await enqueueMessage(d.db, { organisationId: orgId, eventId: null, kind: 'test', idempotencyKey: 'crash:3', to: 'z@tinh.gov.vn', subject: 'claimed by a dead process', text: 't' }))!;
		const claimed = await claimDue(d.db, 10, 120_000);
		expect(claimed.map((m) => m.id)).toEqual([a]);
		// The claim has two minutes left; only a worker that knows it is alone may take it back now.
		expect(await markInterrupted(d.db)).toBe(0);
		await new Promise((r) => setTimeout(r, 20));
		const startedAt = new Date();
		const b = (await enqueueMessage(d.db, { organisationId: orgId, eventId: null, kind: 'test', idempotencyKey: 'crash:4', to: 'v@tinh.gov.vn', subject: 'claimed after the start', text: 't' }))!;
		expect((await claimDue(d.db, 10, 120_000)).map((m) => m.id)).toEqual([b]);
		// The claim made before the start is the dead process's; the one made after is this worker's own.
		expect(await markInterrupted(d.db, startedAt)).toBe(1);
		const rows = await d.db.selectFrom('mail_message').select(['id', 'status']).where('id', 'in', [a, b]).orderBy('id').execute();
		expect(rows.map((r) => r.status)).toEqual(['queued', 'sending']);
		await sql`update mail_message set status = 'queued', locked_until = null, claim_token = null where id = ${b}`.execute(d.db);
		await drain(d.db, opts, URL);
		await smtp.waitFor(2);
		expect(smtp.received.map((m) => m.subject).sort()).toEqual(['claimed after the start', 'claimed by a dead process']);
	});

	it('lets two workers drain one queue without sending anything twice', async () => {
		smtp.received.length = 0;
		for (let n = 0; n < 40; n++)
			await enqueueMessage(d.db, { organisationId: orgId, eventId: null, kind: 'test', idempotencyKey: `two:${n}`, to: `w${n}@tinh.gov.vn`, subject: `two ${n}`, text: 't' });
		await Promise.all([drain(d.db, { ...opts, concurrency: 3 }, URL), drain(d.db, { ...opts, concurrency: 4 }, URL)]);
		await smtp.waitFor(40);
		const subjects = smtp.received.map((m) => m.subject);
		expect(new Set(subjects).size).toBe(40);
		expect(subjects).toHaveLength(40);
	});

	it('keeps mail in the local outbox viewer when no SMTP server is configured', async () => {
		smtp.received.length = 0;
		const id = (await enqueueMessage(d.db, { organisationId: localOrgId, eventId: null, kind: 'test', idempotencyKey: 'local:1', to: 'a@b.vn', subject: 'demo', text: 't' }))!;
		await drain(d.db, opts, URL);
		const row = await d.db.selectFrom('mail_message').select(['status', 'transport']).where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toEqual({ status: 'sent', transport: 'local' });
		expect(smtp.received).toHaveLength(0);
	});

	it('classifies SMTP errors in Vietnamese', () => {
		expect(classifySendError({ responseCode: 550, response: '550 no such user' })).toMatchObject({ kind: 'permanent' });
		expect(classifySendError({ responseCode: 421 })).toMatchObject({ kind: 'transient' });
		expect(classifySendError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }).message).toContain('Không kết nối được');
	});
});
