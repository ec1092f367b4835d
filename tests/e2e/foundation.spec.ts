import { expect, test } from './fixtures';
import { demoEventId, login, USERS } from './helpers';

test('the login page is in Vietnamese and refuses a wrong password', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveTitle('Đăng nhập — Hội Nghị');
	await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
	await page.getByLabel('Email').fill(USERS.admin);
	await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText('Email hoặc mật khẩu không đúng')).toBeVisible();
});

test('what is typed while the page is still loading is kept when its script takes over', async ({ page }) => {
	// A slow network: the page's JavaScript arrives 1.5 s after its HTML, and the user types meanwhile.
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await new Promise((r) => setTimeout(r, 1500));
		await route.continue();
	});
	await page.goto('/login', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Email').fill(USERS.organiser);
	await page.getByLabel('Mật khẩu').fill('hoinghi-demo-2026');
	expect(await page.locator('html').getAttribute('data-hydrated')).toBeNull();
	await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
	// Hydration wrote the rendered (empty) value back into the field; the layout put the typed text back.
	await expect(page.getByLabel('Email')).toHaveValue(USERS.organiser);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/events/);
});

test('an organiser opens the demo conference, edits it and sees the change in the log', async ({ page }) => {
	await login(page, 'organiser');
	await expect(page.getByRole('heading', { name: 'Hội nghị', exact: true })).toBeVisible();
	const id = await demoEventId(page);
	await page.goto(`/events/${id}`);
	await expect(page.getByText('Khánh Hòa, ngày 18 tháng 12 năm 2026')).toBeVisible();
	await page.getByRole('link', { name: 'Thông tin', exact: true }).click();
	await page.getByLabel('Địa điểm').fill('Hội trường 19/8');
	await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
	await expect(page.getByText('Đã lưu thông tin hội nghị.')).toBeVisible();
	await page.getByRole('link', { name: 'Nhật ký' }).click();
	await expect(page.getByText('event.updated').first()).toBeVisible();
	await expect(page.getByText('Sửa thông tin hội nghị').first()).toBeVisible();
	await expect(page.getByText('Hội trường 19/8').first()).toBeVisible();
	// Only one part of the work: the budget's rows, none of the event's.
	await page.getByRole('navigation', { name: 'Lọc theo phần việc' }).getByRole('link', { name: 'Kinh phí' }).click();
	await expect(page).toHaveURL(/\?nhom=budget$/);
	await expect(page.getByText('Ghi chứng từ thực chi').first()).toBeVisible();
	await expect(page.getByText('event.updated')).toHaveCount(0);
});

test('an organiser creates a sơ kết conference with the 2024 tiers', async ({ page }) => {
	await login(page, 'organiser');
	await page.goto('/events/new');
	await expect(page).toHaveTitle('Tạo hội nghị — Hội Nghị');
	await page.getByLabel('Mẫu cấp đại biểu').selectOption('four_levels_2024');
	await page.getByLabel('Tên hội nghị').fill('Hội nghị sơ kết 03 năm phong trào thi đua');
	await page.getByLabel('Khai mạc (giờ Việt Nam)').fill('2024-04-05T07:30');
	await page.getByLabel('Địa danh').fill('Ninh Thuận');
	await page.getByRole('button', { name: 'Tạo hội nghị' }).click();
	await expect(page.getByRole('heading', { name: 'Hội nghị sơ kết 03 năm phong trào thi đua' })).toBeVisible();
	await expect(page.getByText('Ninh Thuận, ngày 05 tháng 4 năm 2024')).toBeVisible();
	await expect(page.getByText('Cấp huyện')).toBeVisible();
});

test('the form says what is wrong, in Vietnamese, and keeps what was typed', async ({ page }) => {
	await login(page, 'organiser');
	await page.goto('/events/new');
	await page.getByLabel('Tên hội nghị').fill('   ');
	await page.getByLabel('Địa điểm').fill('Hội trường A');
	await page.getByLabel('Khai mạc (giờ Việt Nam)').fill('2024-04-05T07:30');
	await page.getByRole('button', { name: 'Tạo hội nghị' }).click();
	await expect(page.getByText('Vui lòng nhập tên hội nghị')).toBeVisible();
	await expect(page.getByLabel('Địa điểm')).toHaveValue('Hội trường A');
});

test('reception cannot open administration; an unknown event is a Vietnamese 404', async ({ page }) => {
	await login(page, 'reception');
	const res = await page.goto('/admin');
	expect(res?.status()).toBe(403);
	await expect(page.getByText('Không có quyền truy cập')).toBeVisible();
	const r404 = await page.goto('/events/99999');
	expect(r404?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Không tìm thấy trang' })).toBeVisible();
	await expect(page.getByText('Không tìm thấy hội nghị')).toBeVisible();
});

test('an administrator issues an API token that works against /api/v1', async ({ page, request }) => {
	await login(page, 'admin');
	await page.goto('/admin');
	await page.getByLabel('Tên khóa').fill('Máy quét thử');
	await page.getByRole('button', { name: 'Cấp khóa' }).click();
	const token = (await page.getByTestId('new-token').textContent())!.trim();
	expect(token).toMatch(/^hn_/);
	const res = await request.get('/api/v1/events', { headers: { authorization: `Bearer ${token}` } });
	expect(res.status()).toBe(200);
	const body = await res.json();
	expect(body.events[0].title).toContain('Hội nghị tổng kết');
});

test('pages work on a phone-sized screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await login(page, 'admin');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}`);
	await expect(page.getByRole('navigation', { name: 'Mục của hội nghị' })).toBeVisible();
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(1);
});
