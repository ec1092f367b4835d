/**
 * SMTP failures over a real process (what tests/integration/mail.test.ts does not cover): three organisations,
 * each with its own mail server, send their invitation rounds at the same time through the same worker.
 * - One server accepts the connection and never answers: nodemailer's greeting timeout fires (10 s), the mails
 *   wait for a retry with backoff, and the outbox says the server did not answer and when it will try again.
 * - One refuses the connection (nothing listens on its port): retry, "máy chủ từ chối kết nối".
 * - One accepts some recipients and rejects others in the same round: 550 (failed, with the server's reason),
 *   451 (retry), the rest sent. Statuses and reasons per mail in the outbox API and page.
 * When the servers are fixed and the retries fall due, every waiting mail is delivered exactly once.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { startApp, client, freePort } from '../../helpers/server';
import { newEventWorld } from '../../helpers/factories';
import { startSmtp, type TestSmtp } from '../../helpers/smtp';
import type { Database_ } from '../../../src/lib/server/db';
import { insertDelegates } from '../../../src/lib/server/delegates/repository';
import { issueApiToken } from '../../../src/lib/server/auth/api-token';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { saveSmtpSettings } from '../../../src/lib/server/mail/transport';
import { until, withDb, type StartedApp } from './faults-helpers';

const pg = inject('dbKind') === 'postgres';

/** A TCP server on a port: 'hang' accepts and never says a word; 'pass' forwards to the real SMTP server. */
class SwitchableSmtp {
	mode: 'hang' | 'pass' = 'hang';
	private server: net.Server | null = null;
	private sockets = new Set<net.Socket>();
	accepted = 0;
	constructor(private readonly realPort: number) {}
	listen(port = 0): Promise<number> {
		this.server = net.createServer((c) => {
			this.accepted++;
			this.sockets.add(c);
			c.on('close', () => this.sockets.delete(c));
			c.on('error', () => c.destroy());
			if (this.mode === 'hang') return;
			const u = net.connect(this.realPort, '127.0.0.1');
			this.sockets.add(u);
			u.on('close', () => this.sockets.delete(u));
			u.on('error', () => c.destroy());
			c.pipe(u);
			u.pipe(c);
		});
		return new Promise((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve((this.server!.address() as net.AddressInfo).port)));
	}
	async close() {
		for (const s of this.sockets) s.destroy();
		if (this.server) await new Promise((r) => this.server!.close(() => r(null)));
	}
}

interface Org {
	name: string;
	eventId: number;
	token: string;
	cookie: string;
	emails: string[];
}

let app: StartedApp;
let smtp: TestSmtp;
let hanging: SwitchableSmtp;
let refusing: SwitchableSmtp;
let refusedPort = 0;
const orgs: Record<'mixed' | 'refused' | 'timeout', Org> = {} as never;

async function world(d: Database_, name: keyof typeof orgs, port: number, n: number): Promise<void> {
	const w = await newEventWorld(d.db, { startsAt: new Date(Date.now() + 20 * 86400_000) });
	await saveSmtpSettings(d.db, w.org.id, { host: '127.0.0.1', port, security: 'none', user: null, password: null, from: `Văn phòng ${name} <vp-${name}@tinh.gov.vn>`, allowSelfSigned: false }, null);
	const emails = Array.from({ length: n }, (_, i) => `${name}.${i + 1}@tinh.gov.vn`);
	await d.db.transaction().execute((tx) =>
		insertDelegates(
			tx,
			emails.map((email, i) => ({ event_id: w.eventId, tier_id: w.tiers[0].id, kind: 'person' as const, salutation: 'Ông' as const, full_name: `Đại Biểu ${name} ${i + 1}`, position: 'Giám đốc', unit: `Sở ${i + 1}`, email, source: 'manual' as const }))
		)
	);
	const s = generateSessionToken();
	await createSession(d.db, s, w.admin.user.id);
	orgs[name] = { name, eventId: w.eventId, token: (await issueApiToken(d.db, { userId: w.admin.user.id, name: 'smtp', createdBy: null })).token, cookie: `${SESSION_COOKIE}=${s}`, emails };
}

beforeAll(async () => {
	smtp = await startSmtp();
	hanging = new SwitchableSmtp(smtp.port);
	const hangPort = await hanging.listen();
	refusing = new SwitchableSmtp(smtp.port);
	refusing.mode = 'pass';
	refusedPort = await freePort();
	smtp.rejectPermanent.add('mixed.2@tinh.gov.vn');
	smtp.rejectPermanent.add('mixed.5@tinh.gov.vn');
	smtp.rejectTransient.set('mixed.4@tinh.gov.vn', 1);
	app = await startApp({
		prepare: async (d) => {
			await world(d, 'mixed', smtp.port, 6);
			await world(d, 'refused', refusedPort, 2);
			await world(d, 'timeout', hangPort, 2);
		}
	});
}, 120_000);
afterAll(async () => {
	await app?.stop();
	await hanging?.close();
	await refusing?.close();
	await smtp?.close();
});

interface Mail {
	to: string;
	status: string;
	attempts: number;
	error: string | null;
	errorKind: string | null;
	nextAttemptAt: string | null;
}

async function mailOf(o: Org): Promise<Mail[]> {
	const r = await fetch(`${app.url}/api/v1/events/${o.eventId}/mail`, { headers: { authorization: `Bearer ${o.token}` } });
	return ((await r.json()) as { messages: Mail[] }).messages.sort((a, b) => a.to.localeCompare(b.to));
}

describe('SMTP servers that time out, refuse, or reject some recipients', () => {
	it('records each outcome with its reason, retries with backoff, and delivers everything once when the servers are back', async () => {
		const t0 = Date.now();
		for (const o of [orgs.mixed, orgs.refused, orgs.timeout]) {
			const r = await fetch(`${app.url}/api/v1/events/${o.eventId}/invitations/rounds`, {
				method: 'POST',
				headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', 'idempotency-key': `smtp-faults-${o.name}` },
				body: '{}'
			});
			expect(r.status).toBe(201);
		}
		const settled = (m: Mail[]) => m.every((x) => !['queued', 'sending'].includes(x.status));
		const [mixed, refused, timedOut] = await until(
			'mọi thư có kết quả lần đầu',
			async () => {
				const all = await Promise.all([mailOf(orgs.mixed), mailOf(orgs.refused), mailOf(orgs.timeout)]);
				return all.every(settled) ? all : null;
			},
			60_000,
			200
		);
		const firstRoundMs = Date.now() - t0;
		const inAboutAMinute = (m: Mail) => {
			const wait = new Date(m.nextAttemptAt!).getTime() - Date.now();
			expect(wait, `${m.to} thử lại sau`).toBeGreaterThan(30_000);
			expect(wait).toBeLessThan(61_000);
		};

		// Accepts some, rejects others: per message, with the server's reason.
		expect(mixed.map((m) => [m.to, m.status])).toEqual([
			['mixed.1@tinh.gov.vn', 'sent'],
			['mixed.2@tinh.gov.vn', 'failed'],
			['mixed.3@tinh.gov.vn', 'sent'],
			['mixed.4@tinh.gov.vn', 'retry'],
			['mixed.5@tinh.gov.vn', 'failed'],
			['mixed.6@tinh.gov.vn', 'sent']
		]);
		for (const m of mixed.filter((x) => x.status === 'failed')) {
			expect(m).toMatchObject({ errorKind: 'permanent', attempts: 1 });
			expect(m.error).toMatch(/Máy chủ thư từ chối \(550\).*Hộp thư không tồn tại/);
		}
		const busy = mixed.find((m) => m.status === 'retry')!;
		expect(busy).toMatchObject({ errorKind: 'transient', attempts: 1 });
		expect(busy.error).toMatch(/Máy chủ thư tạm từ chối \(451\).*Hộp thư tạm bận/);
		inAboutAMinute(busy);
		// Refused connection: retry, and the message says so.
		for (const m of refused) {
			expect(m).toMatchObject({ status: 'retry', errorKind: 'transient', attempts: 1 });
			expect(m.error).toContain('máy chủ từ chối kết nối');
			expect(m.error).toContain('ECONNREFUSED');
			inAboutAMinute(m);
		}
		// No answer: nodemailer's greeting timeout (10 s) fires, then a retry.
		expect(hanging.accepted).toBeGreaterThan(0);
		for (const m of timedOut) {
			expect(m).toMatchObject({ status: 'retry', errorKind: 'transient', attempts: 1 });
			expect(m.error).toContain('Máy chủ thư không trả lời (quá thời gian chờ)');
			expect(m.error).toContain('Sẽ tự thử lại');
			inAboutAMinute(m);
		}
		expect(firstRoundMs).toBeGreaterThanOrEqual(10_000);
		// The outbox page shows the reasons and when each retry will happen.
		for (const o of [orgs.mixed, orgs.timeout]) {
			const html = await (await client(app, o.cookie).get(`/events/${o.eventId}/mail?status=problem`)).text();
			expect(html).toContain('thử lại lúc');
			expect(html).toContain(o === orgs.mixed ? 'Hộp thư không tồn tại' : 'Máy chủ thư không trả lời');
		}
		expect(smtp.received.map((m) => m.subject)).toHaveLength(3);

		// The servers are back; the retries fall due now instead of in a minute (backoff 1, 5, 15… minutes).
		hanging.mode = 'pass';
		await refusing.listen(refusedPort);
		const due = async (d: Database_) => {
			await sql`update mail_message set next_attempt_at = now() where status = 'retry'`.execute(d.db);
		};
		if (pg) await withDb(app, due);
		else {
			await app.kill('SIGTERM');
			await withDb(app, due);
			await app.restart();
		}
		const final = await until(
			'thư thử lại được gửi',
			async () => {
				const all = await Promise.all([mailOf(orgs.mixed), mailOf(orgs.refused), mailOf(orgs.timeout)]);
				return all.flat().every((m) => m.status === 'sent' || m.status === 'failed') ? all : null;
			},
			60_000,
			200
		);
		expect(final[0].filter((m) => m.status === 'sent')).toHaveLength(4);
		expect(final[0].find((m) => m.to === 'mixed.4@tinh.gov.vn')).toMatchObject({ status: 'sent', attempts: 2, error: null });
		for (const m of [...final[1], ...final[2]]) expect(m).toMatchObject({ status: 'sent', attempts: 2, error: null });
		// Every delivered mail arrived once; the rejected ones never did.
		await new Promise((r) => setTimeout(r, 300));
		const to = smtp.received.map((m) => (m.to as { value: { address: string }[] }).value[0].address).sort();
		expect(to).toEqual(['mixed.1', 'mixed.3', 'mixed.4', 'mixed.6', 'refused.1', 'refused.2', 'timeout.1', 'timeout.2'].map((x) => `${x}@tinh.gov.vn`));
		console.log(
			`SMTP: lần gửi đầu xong sau ${Math.round(firstRoundMs / 100) / 10} s (máy chủ im lặng: hết thời gian chờ 10 s); 550 → lỗi vĩnh viễn, 451 / từ chối kết nối / quá thời gian → thử lại sau ~60 s; ` +
				`sau khi máy chủ hoạt động lại: ${to.length} thư, mỗi thư một lần.`
		);
	}, 120_000);
});
