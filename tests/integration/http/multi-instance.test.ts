/**
 * More than one app instance on one database.
 * - PostgreSQL: two instances behave as one — a session made on A works on B, and both outbox workers
 *   drain one batch without sending any mail twice.
 * - PGlite: a second process on the same folder is refused at start (two processes on one PGlite folder
 *   lose writes silently, STACK.md P9), with a message that says what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startApp, client, type App } from '../../helpers/server';
import { startSmtp, type TestSmtp } from '../../helpers/smtp';
import { newEventWorld, TEST_PASSWORD } from '../../helpers/factories';
import { saveSmtpSettings } from '../../../src/lib/server/mail/transport';
import { enqueueMessage, createBatch } from '../../../src/lib/server/mail/outbox';

const pg = inject('dbKind') === 'postgres';
let a: Awaited<ReturnType<typeof startApp>>;
let b: App | null = null;
let smtp: TestSmtp;
let orgId = 0;
let email = '';

beforeAll(async () => {
	smtp = await startSmtp();
	a = await startApp({
		prepare: async (d) => {
			const w = await newEventWorld(d.db);
			orgId = w.org.id;
			email = w.admin.user.email;
			await saveSmtpSettings(d.db, orgId, { host: '127.0.0.1', port: smtp.port, security: 'none', user: null, password: null, from: 'Hội Nghị <hn@tinh.gov.vn>', allowSelfSigned: false }, null);
		},
		env: { APP_SECRET: 'multi-instance-secret-0123456789-0123456789' }
	});
});
afterAll(async () => {
	await b?.stop();
	await a?.stop();
	await smtp?.close();
});

describe('two instances', () => {
	it(pg ? 'share sessions and drain one outbox without double sends (PostgreSQL)' : 'are refused on one embedded database folder (PGlite)', async () => {
		if (!pg) {
			await expect(startApp({ shared: { url: null, dataDir: a.dataDir } })).rejects.toThrow(/đang được tiến trình \d+ sử dụng/);
			// The first instance is unharmed.
			expect((await fetch(a.url + '/login')).status).toBe(200);
			return;
		}
		b = await startApp({ shared: { url: a.dbUrl, dataDir: null }, env: { APP_SECRET: 'multi-instance-secret-0123456789-0123456789' } });
		// A session created by logging in on A is valid on B.
		const onA = client(a);
		const login = await onA.post('/login', { email, password: TEST_PASSWORD });
		expect(login.status).toBe(303);
		const cookie = [...onA.cookies].map(([k, v]) => `${k}=${v}`)[0];
		const onB = client(b, cookie);
		const page = await onB.get('/events');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Hội nghị sơ kết');

		// 120 mails queued at once: both instances' workers take from the same queue.
		const db = a.db!.db;
		const batchId = await createBatch(db, { organisationId: orgId, eventId: null, kind: 'test', label: 'hai máy', createdBy: null });
		await db.transaction().execute(async (tx) => {
			for (let n = 0; n < 120; n++) {
				await enqueueMessage(tx, { organisationId: orgId, eventId: null, batchId, kind: 'test', idempotencyKey: `multi:${n}`, to: `m${n}@tinh.gov.vn`, subject: `Thư ${n}`, text: 'Kính gửi' });
			}
		});
		await smtp.waitFor(120, 60_000);
		await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would arrive by now
		const subjects = smtp.received.map((m) => m.subject);
		expect(subjects).toHaveLength(120);
		expect(new Set(subjects).size).toBe(120);
		const rows = await db.selectFrom('mail_message').select(['status']).where('batch_id', '=', batchId).execute();
		expect(rows.every((r) => r.status === 'sent')).toBe(true);
	});
});
