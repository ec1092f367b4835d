import { expect, test, type Page } from './fixtures';
import { login } from './helpers';

/**
 * Giấy mời end to end in Chromium: an organiser creates a sơ kết conference, imports the office's list
 * (the Ninh Thuận fixture), issues the letters, sends a round (the demo has no SMTP server: mail goes to
 * the in-app outbox), then a delegate opens their personal link in another browser, confirms, and the
 * organiser's page shows the change without a reload (SSE).
 */

async function createEvent(page: Page): Promise<number> {
	await page.goto('/events/new');
	await page.getByLabel('Mẫu cấp đại biểu').selectOption('four_levels_2024');
	await page.getByLabel('Tên hội nghị').fill('Hội nghị sơ kết Phong trào thi đua (giấy mời e2e)');
	await page.getByLabel('Khai mạc (giờ Việt Nam)').fill('2030-04-05T07:30');
	await page.getByLabel('Địa danh').fill('Ninh Thuận');
	await page.getByRole('button', { name: 'Tạo hội nghị' }).click();
	await expect(page.getByRole('heading', { name: 'Hội nghị sơ kết Phong trào thi đua (giấy mời e2e)' })).toBeVisible();
	return Number(new URL(page.url()).pathname.split('/')[2]);
}

test('import the list, issue letters, send a round, a delegate confirms, the organiser sees it live', async ({ page, browser }) => {
	test.setTimeout(240_000);
	await login(page, 'organiser');
	const eventId = await createEvent(page);

	// The office's list, imported through the delegates page.
	await page.goto(`/events/${eventId}/delegates/import`);
	await page.getByLabel('Tệp danh sách').setInputFiles('tests/fixtures/so-ket-2024-ninh-thuan/delegates.xlsx');
	await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
	await page.getByRole('button', { name: /^Nhập \d+ đại biểu$/ }).click();
	await expect(page).toHaveURL(/\/delegates\?imported=144/, { timeout: 60_000 });

	// Letters: 144 delegates, 16 without email (printed).
	await page.goto(`/events/${eventId}/invitations`);
	await expect(page).toHaveTitle(/Giấy mời/);
	await expect(page.getByTestId('count-Đại biểu')).toHaveText('144');
	await expect(page.getByTestId('count-In giấy (không email)')).toHaveText('16');
	const printed = await page.request.get(`/events/${eventId}/invitations/pdf?filter=no-email`);
	expect(printed.status()).toBe(200);
	expect(printed.headers()['content-type']).toBe('application/pdf');
	expect(printed.headers()['x-letter-count']).toBe('16');
	const zip = await page.request.get(`/events/${eventId}/invitations/zip?filter=all`);
	expect(zip.headers()['content-type']).toBe('application/zip');

	// Send a round; the confirmation repeats the count. Double-clicking does not send twice.
	await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
	await page.getByText('Gửi giấy mời cho 128 đại biểu chưa nhận thư…').click();
	const confirm = page.getByRole('button', { name: 'Xác nhận gửi 128 thư mời' });
	await confirm.dblclick();
	await expect(page.getByText(/Đã đưa 128 thư mời vào hàng đợi gửi|Yêu cầu gửi này đã được thực hiện trước đó/)).toBeVisible();
	await expect(page.getByTestId('round-invitation-1').getByTestId('round-sent')).toHaveText('128', { timeout: 90_000 });
	await expect(page.getByTestId('count-Đã gửi thư')).toHaveText('128');
	await expect(page.getByText('Tất cả 128 đại biểu có email đã được gửi thư mời.')).toBeVisible();

	// The outbox viewer keeps every mail with its letter.
	await page.goto(`/events/${eventId}/mail`);
	await expect(page.getByText('Chưa cấu hình máy chủ thư')).toBeVisible();
	await expect(page.getByRole('link', { name: /Đã gửi 128/ })).toBeVisible();
	await expect(page.getByRole('link', { name: /Tất cả 128/ })).toBeVisible();

	// A delegate's personal link, from the organiser's detail page.
	await page.goto(`/events/${eventId}/invitations`);
	const firstRow = page.getByTestId('invitation-table').locator('tbody tr').first();
	const rowId = (await firstRow.getAttribute('data-testid'))!;
	const name = (await firstRow.locator('td').nth(1).locator('span').first().textContent())!.trim();
	await expect(firstRow.getByTestId('reply-state')).toHaveText('Chưa trả lời');
	await firstRow.getByRole('link', { name: /^Chi tiết/ }).click();
	const link = await page.getByLabel('Liên kết cá nhân').inputValue();
	expect(link).toMatch(/\/r\/[a-z2-7]{32}$/);

	// Back on the list, the organiser keeps the page open while the delegate answers elsewhere.
	await page.goto(`/events/${eventId}/invitations`);
	await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');

	const delegateContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const phone = await delegateContext.newPage();
	await phone.goto(link);
	await expect(phone.getByTestId('addressee')).toHaveText(name);
	await expect(phone.getByTestId('reply-status')).toHaveText('Chưa trả lời');
	await expect(phone.getByTestId('qr').locator('svg')).toBeVisible();
	await phone.getByRole('button', { name: 'Tôi sẽ tham dự' }).click();
	await expect(phone.getByText('Cảm ơn! Ban Tổ chức đã nhận xác nhận tham dự.')).toBeVisible();
	await expect(phone.getByTestId('reply-status')).toHaveText('Tham dự');
	// An altered link is refused in Vietnamese.
	const bad = await phone.goto(link.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')));
	expect(bad?.status()).toBe(404);
	await expect(phone.getByText('Liên kết không hợp lệ hoặc đã hết hiệu lực')).toBeVisible();
	await delegateContext.close();

	// The organiser's page updates by itself.
	await expect(page.getByTestId(rowId).getByTestId('reply-state')).toHaveText('Tham dự', { timeout: 15_000 });
	await expect(page.getByTestId('count-Tham dự')).toHaveText('1');
});

test('a delegate names a substitute; the old link stops working and the substitute needs placing', async ({ page, browser }) => {
	await login(page, 'organiser');
	// The demo conference: its delegates were invited in a first round.
	await page.goto('/events');
	const href = await page.getByRole('link', { name: /Hội nghị tổng kết/ }).first().getAttribute('href');
	const eventId = Number(href!.split('/').pop());
	await page.goto(`/events/${eventId}/invitations`);
	await page.getByLabel('Hiển thị').selectOption('pending');
	const row = page.getByTestId('invitation-table').locator('tbody tr').filter({ hasNot: page.getByText('Gửi cơ quan') }).first();
	await row.getByRole('link', { name: /^Chi tiết/ }).click();
	const link = await page.getByLabel('Liên kết cá nhân').inputValue();

	const ctx = await browser.newContext();
	const p = await ctx.newPage();
	await p.goto(link);
	await p.locator('summary', { hasText: 'Cử người dự thay' }).click();
	await p.getByLabel('Họ và tên').fill('Đặng Thị Thay Thế');
	await p.getByLabel('Chức vụ').fill('Phó Giám đốc');
	await p.getByLabel('Điện thoại').fill('0905 123 456');
	await p.getByRole('button', { name: 'Cử người dự thay' }).click();
	await expect(p.getByText('Đã ghi nhận người dự thay')).toBeVisible();
	await expect(p.getByTestId('addressee')).toContainText('Đặng Thị Thay Thế');
	await expect(p.getByTestId('checkin-code')).toBeVisible();
	const old = await p.goto(link);
	expect(old?.status()).toBe(404);
	await ctx.close();

	await page.goto(`/events/${eventId}/invitations`);
	await page.getByLabel('Hiển thị').selectOption('placing');
	await expect(page.getByTestId('invitation-table').getByText('Đặng Thị Thay Thế')).toBeVisible();
});

test('reminders: choose who, preview the mail, confirm the count', async ({ page }) => {
	await login(page, 'organiser');
	await page.goto('/events');
	const href = await page.getByRole('link', { name: /Hội nghị tổng kết/ }).first().getAttribute('href');
	const eventId = Number(href!.split('/').pop());
	await page.goto(`/events/${eventId}/invitations/reminders?reply=pending&invited=1`);
	await expect(page).toHaveTitle(/Thư nhắc/);
	const heading = await page.getByRole('heading', { name: /^Người nhận \(\d+\/\d+\)$/ }).textContent();
	const n = Number(/\((\d+)\//.exec(heading!)![1]);
	expect(n).toBeGreaterThan(0);
	await page.getByLabel('Đoạn thêm vào thư (không bắt buộc)').fill('Kính đề nghị trả lời trước ngày 12/12.');
	await page.getByRole('button', { name: 'Xem trước thư nhắc' }).click();
	await expect(page.getByTestId('reminder-count')).toHaveText(String(n));
	await expect(page.getByText('Kính đề nghị trả lời trước ngày 12/12.')).toBeVisible();
	await page.getByRole('button', { name: `Xác nhận gửi ${n} thư nhắc` }).click();
	await expect(page.getByText(`Đã đưa ${n} thư nhắc vào hàng đợi gửi.`)).toBeVisible();
	await page.goto(`/events/${eventId}/invitations`);
	await expect(page.getByTestId('round-reminder-1')).toContainText('Thư nhắc lần 1');
	await expect(page.getByTestId('round-reminder-1').getByTestId('round-sent')).toHaveText(String(n), { timeout: 60_000 });
});
