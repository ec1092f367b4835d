/**
 * A list too large to send whole (a province's communes: more than CLIENT_FILTER_MAX rows): the delegate page
 * is filtered on the server and sends only the matches (at most SERVER_ROWS), with the same filters as the
 * browser's, and says how many there are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, client, type App } from '../../helpers/server';
import { newEventWorld } from '../../helpers/factories';
import { insertDelegates, type NewDelegate } from '../../../src/lib/server/delegates/repository';
import { createSession, generateSessionToken, SESSION_COOKIE } from '../../../src/lib/server/auth/session';
import { CLIENT_FILTER_MAX, SERVER_ROWS } from '../../../src/lib/delegate-list';

const N = CLIENT_FILTER_MAX + 100;
let app: App;
let eventId = 0;
let cookie = '';
let tier2 = 0;

beforeAll(async () => {
	app = await startApp({
		prepare: async (d) => {
			const w = await newEventWorld(d.db);
			eventId = w.eventId;
			tier2 = w.tiers[1].id;
			const rows: NewDelegate[] = Array.from({ length: N }, (_, i) => ({
				event_id: w.eventId,
				tier_id: i < 100 ? w.tiers[0].id : w.tiers[1].id,
				kind: 'person',
				salutation: i % 2 ? 'Ông' : 'Bà',
				full_name: i === 1500 ? 'Huỳnh Thị Phượng' : `Nguyễn Văn Số ${i}`,
				position: 'Chủ tịch UBND xã',
				unit: `UBND xã ${i}`,
				source: 'import',
				sort_order: i
			}));
			await d.db.transaction().execute((tx) => insertDelegates(tx, rows));
			const s = generateSessionToken();
			await createSession(d.db, s, w.admin.user.id);
			cookie = `${SESSION_COOKIE}=${s}`;
		}
	});
}, 120_000);
afterAll(async () => app?.stop());

describe('a delegate list larger than the browser filters', () => {
	it('sends the first matches with a notice, and finds one person by a search without accents', async () => {
		const c = client(app, cookie);
		const all = await c.get(`/events/${eventId}/delegates`);
		expect(all.status).toBe(200);
		const html = await all.text();
		expect(html).toContain(`Danh sách lớn: máy chủ lọc và chỉ gửi ${SERVER_ROWS} người đầu tiên trong ${N} người khớp`);
		// Only SERVER_ROWS rows travel in the page data (each row's code appears once there).
		expect(html.match(/code:"/g)?.length ?? 0).toBeLessThanOrEqual(SERVER_ROWS + 5);

		const one = await c.get(`/events/${eventId}/delegates?q=${encodeURIComponent('huynh thi phuong')}`);
		const h1 = await one.text();
		expect(h1).toContain('Huỳnh Thị Phượng');
		expect(h1).not.toContain('Nguyễn Văn Số 1499');
		expect(h1).not.toContain('Danh sách lớn');
		expect(h1.length).toBeLessThan(html.length / 5);

		// A tier and a name order: the same filters as in the browser.
		const t = await (await c.get(`/events/${eventId}/delegates?tier=${tier2}&sort=name&q=${encodeURIComponent('so 20')}`)).text();
		expect(t).toContain('Nguyễn Văn Số 200');
		expect(t).not.toContain('Nguyễn Văn Số 20<');
	});
});
