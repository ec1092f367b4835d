/**
 * Check-in at the door, in Chromium at phone size: a handheld scanner typing into the focused field (green,
 * then amber), a forged QR (red), search without accents, going offline and back (Playwright's setOffline),
 * and the organiser's live page hearing a leader arrive.
 *
 * The demo conference's list may be empty (it belongs to the delegates capability), so each test adds its
 * own people through the walk-in endpoint and undoes their check-in: they are then ordinary delegates not
 * yet arrived. Their QR tokens are derived as the server does (HMAC of the e2e server's APP_SECRET).
 */
import { createHmac } from 'node:crypto';
import { expect, test, type Page } from './fixtures';
import { demoEventId, login } from './helpers';

const SECRET = 'e2e-secret-0123456789-0123456789-0123456789'; // scripts/e2e-server.mjs

function base32(bytes: Buffer): string {
	const A = 'abcdefghijklmnopqrstuvwxyz234567';
	let bits = 0;
	let value = 0;
	let out = '';
	for (const b of bytes) {
		value = (value << 8) | b;
		bits += 8;
		while (bits >= 5) {
			out += A[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += A[(value << (5 - bits)) & 31];
	return out;
}

function tokenOf(delegateId: number): string {
	return base32(createHmac('sha256', SECRET).update(`delegate:${delegateId}:1`).digest().subarray(0, 20));
}

let seq = 0;
/** Adds people through the walk-in endpoint and undoes their check-in. Returns their ids and links. */
async function addPeople(page: Page, eventId: number, people: { fullName: string; position: string; unit: string; tier: 'leader' | 'last'; salutation?: string; phone?: string }[]) {
	const tiers = (await (await page.request.get(`/api/v1/events/${eventId}/tiers`)).json()).tiers as { id: number; isLeader: boolean }[];
	const out: { id: number; link: string; name: string }[] = [];
	for (const p of people) {
		const tierId = p.tier === 'leader' ? tiers.find((t) => t.isLeader)!.id : tiers[tiers.length - 1].id;
		const nonce = `e2e-${Date.now().toString(36)}-${++seq}`;
		const res = await page.request.post(`/api/v1/events/${eventId}/checkin/walk-ins`, {
			data: { ...p, tierId, nonce, deviceId: 'e2e-setup-device', deviceLabel: 'Chuẩn bị thử nghiệm' }
		});
		expect(res.status(), await res.text()).toBe(201);
		const id = (await res.json()).delegate.id as number;
		const undo = await page.request.post(`/api/v1/events/${eventId}/checkin/undo`, { data: { delegateId: id, reason: 'Chuẩn bị thử nghiệm' } });
		expect(undo.status()).toBe(200);
		out.push({ id, link: `http://127.0.0.1/r/${tokenOf(id)}`, name: p.fullName });
	}
	return out;
}

const result = (page: Page) => page.getByTestId('scan-result');

test.use({ viewport: { width: 390, height: 844 }, hasTouch: false });

test('a handheld scanner types into the focused field: green, then amber, a forged QR is red', async ({ page }) => {
	await login(page, 'reception');
	const eventId = await demoEventId(page);
	const [hong] = await addPeople(page, eventId, [{ fullName: 'Nguyễn Thị Hồng', salutation: 'Bà', position: 'Phó Chủ tịch UBND tỉnh', unit: 'UBND tỉnh (thử e2e)', tier: 'leader' }]);
	await page.goto(`/events/${eventId}/checkin/scan`);
	await expect(page).toHaveTitle(/^Quét check-in — /);
	await expect(page.getByText(/Danh sách trên máy: \d+ đại biểu/)).toBeVisible();
	// Nothing clicked: the scan field has the focus, as a keyboard-wedge scanner needs.
	await expect(page.locator('#scan-input')).toBeFocused();
	await page.keyboard.type(hong.link);
	const t0 = Date.now();
	await page.keyboard.press('Enter');
	await expect(result(page)).toHaveAttribute('data-result', 'ok');
	// The answer within a second (this includes Playwright's own polling).
	expect(Date.now() - t0).toBeLessThan(1000);
	await expect(result(page).getByTestId('scan-name')).toHaveText('Bà Nguyễn Thị Hồng');
	await expect(result(page).getByText('★ LÃNH ĐẠO')).toBeVisible();
	// Still focused for the next delegate.
	await expect(page.locator('#scan-input')).toBeFocused();
	await page.keyboard.type(hong.link + '\n');
	await expect(result(page)).toHaveAttribute('data-result', 'already_checked_in');
	await expect(result(page).getByTestId('scan-detail')).toHaveText(/^Đã check-in lúc \d\d:\d\d — Phạm Ngọc Lan/);
	await page.keyboard.type('http://127.0.0.1/r/abcdefghijklmnopqrstuvwxyz234567\n');
	await expect(result(page)).toHaveAttribute('data-result', 'invalid_token');
	await expect(result(page).getByTestId('scan-detail')).toContainText('giả, đã bị sửa');
	// The search list shows her as in.
	await page.getByLabel('Tìm đại biểu (không có QR)').fill('Nguyen Thi Hong');
	await expect(page.getByTestId('search-results').getByText('đã vào')).toBeVisible();
});

test('search without accents finds the delegate; check-in from the list and undo it', async ({ page }) => {
	await login(page, 'reception');
	const eventId = await demoEventId(page);
	await addPeople(page, eventId, [
		{ fullName: 'Trần Văn Bình', position: 'Chủ tịch UBND xã', unit: 'UBND xã Phước Hà (thử e2e)', tier: 'last', phone: '0905 123 457' },
		{ fullName: 'Lê Thị Cúc', position: 'Phó Chủ tịch UBND xã', unit: 'UBND xã Nhơn Hải (thử e2e)', tier: 'last' }
	]);
	await page.goto(`/events/${eventId}/checkin/scan`);
	await expect(page.getByText(/Danh sách trên máy: \d+ đại biểu/)).toBeVisible();
	await page.getByLabel('Tìm đại biểu (không có QR)').fill('tran van binh');
	const hits = page.getByTestId('search-results');
	await expect(hits.getByText('Trần Văn Bình')).toBeVisible();
	// By unit, without accents, too; and by phone, typed the way it is read out.
	await page.getByLabel('Tìm đại biểu (không có QR)').fill('nhon hai');
	await expect(hits.getByText('Lê Thị Cúc')).toBeVisible();
	await page.getByLabel('Tìm đại biểu (không có QR)').fill('0905 123 457');
	await expect(hits.getByText('Trần Văn Bình')).toBeVisible();
	await page.getByLabel('Tìm đại biểu (không có QR)').fill('tran van binh');
	await hits.getByRole('button', { name: 'Check-in Trần Văn Bình' }).click();
	await expect(result(page)).toHaveAttribute('data-result', 'ok');
	await expect(result(page).getByTestId('scan-name')).toHaveText('Trần Văn Bình');
	page.once('dialog', (d) => d.accept());
	await result(page).getByRole('button', { name: 'Hoàn tác (quét nhầm)' }).click();
	await expect(result(page)).toHaveAttribute('data-result', 'undone');
	const att = await (await page.request.get(`/api/v1/events/${eventId}/checkin/attendance`)).json();
	const binh = att.delegates.find((r: { delegate: { name: string } }) => r.delegate.name === 'Trần Văn Bình');
	expect(binh.state).toBe('unknown');
});

test('keeps working offline, shows the queue, and syncs when the network is back', async ({ page, context }) => {
	await login(page, 'reception');
	const eventId = await demoEventId(page);
	const [a, b] = await addPeople(page, eventId, [
		{ fullName: 'Phạm Văn Dũng', position: 'Trưởng thôn', unit: 'Thôn Phước Lập (thử e2e)', tier: 'last' },
		{ fullName: 'Đặng Thị Em', position: 'Hộ được khen thưởng', unit: 'Thôn Phước Lập (thử e2e)', tier: 'last' }
	]);
	await page.goto(`/events/${eventId}/checkin/scan`);
	await expect(page.getByText(/Danh sách trên máy: \d+ đại biểu/)).toBeVisible();
	await expect(page.getByTestId('net-status')).toHaveAttribute('data-online', 'true');

	await context.setOffline(true);
	await page.keyboard.type(a.link + '\n');
	await expect(result(page)).toHaveAttribute('data-result', 'ok');
	await expect(result(page).getByText(/NGOẠI TUYẾN · chờ đồng bộ/)).toBeVisible();
	await expect(page.getByTestId('net-status')).toHaveText(/Mất mạng/);
	await expect(page.getByTestId('queue-count')).toHaveText('1');
	// The same QR again, still offline: amber from the device's own record.
	await page.keyboard.type(a.link + '\n');
	await expect(result(page)).toHaveAttribute('data-result', 'already_checked_in');
	// Someone without a QR, found by name while offline.
	await page.getByLabel('Tìm đại biểu (không có QR)').fill('dang thi em');
	await page.getByTestId('search-results').getByRole('button', { name: 'Check-in Đặng Thị Em' }).click();
	await expect(result(page)).toHaveAttribute('data-result', 'ok');
	await expect(page.getByTestId('queue-count')).toHaveText('2');

	await context.setOffline(false);
	await expect(page.getByTestId('net-status')).toHaveAttribute('data-online', 'true', { timeout: 20_000 });
	await expect(page.getByTestId('queue-status')).toHaveCount(0, { timeout: 20_000 });
	await expect(result(page).getByText(/đã đồng bộ/)).toBeVisible();
	const att = await (await page.request.get(`/api/v1/events/${eventId}/checkin/attendance`)).json();
	const byId = new Map(att.delegates.map((r: { delegate: { id: number } }) => [r.delegate.id, r]));
	expect((byId.get(a.id) as { state: string; checkIn: { method: string } }).checkIn.method).toBe('offline_sync');
	expect((byId.get(b.id) as { state: string }).state).toBe('present');
});

test('the organiser’s live page counts arrivals and flags a leader at once', async ({ page, browser }) => {
	await login(page, 'reception');
	const eventId = await demoEventId(page);
	const [leader] = await addPeople(page, eventId, [{ fullName: 'Võ Minh Châu', position: 'Phó Chủ tịch HĐND tỉnh', unit: 'HĐND tỉnh (thử e2e)', tier: 'leader' }]);

	const orgCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
	const organiser = await orgCtx.newPage();
	await login(organiser, 'organiser');
	await organiser.goto(`/events/${eventId}/checkin`);
	await expect(organiser.getByTestId('live-status')).toHaveAttribute('data-connected', 'true');
	const before = Number((await organiser.getByTestId('present-count').textContent())!.split('/')[0].trim());

	await page.goto(`/events/${eventId}/checkin/scan`);
	await expect(page.locator('#scan-input')).toBeFocused();
	await page.keyboard.type(leader.link + '\n');
	await expect(result(page)).toHaveAttribute('data-result', 'ok');

	const alert = organiser.getByTestId('leader-alert');
	await expect(alert).toContainText('Lãnh đạo vừa đến: Võ Minh Châu');
	await expect(organiser.getByTestId('present-count')).toContainText(String(before + 1));
	await expect(organiser.getByTestId('leaders').getByText('Võ Minh Châu')).toBeVisible();
	await orgCtx.close();
});

test('the scanner opens again without network (service worker, roster in IndexedDB)', async ({ page, context }) => {
	await login(page, 'reception');
	const eventId = await demoEventId(page);
	const [p] = await addPeople(page, eventId, [{ fullName: 'Hồ Thị Kim', position: 'Chủ tịch Hội Phụ nữ xã', unit: 'xã Phước Nam (thử e2e)', tier: 'last' }]);
	await page.goto(`/events/${eventId}/checkin/scan`);
	await expect(page.getByText(/Danh sách trên máy: \d+ đại biểu/)).toBeVisible();
	// Wait until the worker has kept this page.
	await expect
		.poll(
			() =>
				page.evaluate(async (path) => {
					for (const k of await caches.keys()) if (k.startsWith('hn-checkin-pages-') && (await (await caches.open(k)).match(path))) return true;
					return false;
				}, new URL(page.url()).pathname),
			{ timeout: 15_000 }
		)
		.toBe(true);
	await context.setOffline(true);
	await page.reload();
	await expect(page).toHaveTitle(/^Quét check-in — /);
	await expect(page.getByText(/Danh sách trên máy: \d+ đại biểu/)).toBeVisible();
	await expect(page.getByTestId('net-status')).toHaveText(/Mất mạng/);
	await page.locator('#scan-input').fill(p.link);
	await page.locator('#scan-input').press('Enter');
	await expect(result(page)).toHaveAttribute('data-result', 'ok');
	await expect(page.getByTestId('queue-count')).toHaveText('1');
	await context.setOffline(false);
	await expect(page.getByTestId('queue-status')).toHaveCount(0, { timeout: 20_000 });
	const att = await (await page.request.get(`/api/v1/events/${eventId}/checkin/attendance`)).json();
	expect(att.delegates.find((r: { delegate: { id: number } }) => r.delegate.id === p.id).state).toBe('present');
});
