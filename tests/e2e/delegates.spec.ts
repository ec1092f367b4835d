import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from './fixtures';
import { demoEventId, login } from './helpers';

const FIXTURE = 'tests/fixtures/so-ket-2024-ninh-thuan/delegates.xlsx';

async function newSoKetEvent(page: Page, title: string): Promise<string> {
	await page.goto('/events/new');
	await page.getByLabel('Mẫu cấp đại biểu').selectOption('four_levels_2024');
	await page.getByLabel('Tên hội nghị').fill(title);
	await page.getByLabel('Khai mạc (giờ Việt Nam)').fill('2024-04-05T07:30');
	await page.getByLabel('Địa danh').fill('Ninh Thuận');
	await page.getByRole('button', { name: 'Tạo hội nghị' }).click();
	await expect(page.getByRole('heading', { name: title })).toBeVisible();
	return new URL(page.url()).pathname;
}

test('an organiser imports the Ninh Thuận list, sees 144 delegates by tier, reorders and exports', async ({ page }) => {
	await login(page, 'organiser');
	const base = await newSoKetEvent(page, 'Hội nghị sơ kết thử nhập danh sách');
	await page.getByRole('navigation', { name: 'Mục của hội nghị' }).getByRole('link', { name: 'Đại biểu', exact: true }).click();
	await expect(page.getByText('Chưa có đại biểu')).toBeVisible();
	await page.getByRole('navigation', { name: 'Mục đại biểu' }).getByRole('link', { name: 'Nhập từ Excel' }).click();

	// Upload: nothing is written before the preview is confirmed.
	await page.getByLabel('Tệp danh sách').setInputFiles(FIXTURE);
	await page.getByRole('button', { name: 'Tải lên và xem trước' }).click();
	await expect(page.getByRole('heading', { name: 'Xem trước: delegates.xlsx' })).toBeVisible();
	await expect(page.getByTestId('count-create')).toHaveText('144');
	await expect(page.getByTestId('count-errors')).toHaveText('0');
	await expect(page.getByText('Cấp tỉnh: 33 · Cấp huyện: 28 · Cấp xã: 57 · Tập thể, cá nhân được khen thưởng: 26')).toBeVisible();
	await page.getByRole('button', { name: 'Tất cả (144)' }).click();
	await expect(page.getByTestId('import-rows').getByText('Ngô Ngọc Nhung')).toBeVisible();
	await page.getByRole('button', { name: 'Nhập 144 đại biểu' }).click();

	// The list, by tier.
	await expect(page).toHaveURL(/\/delegates\?imported=144/);
	await expect(page.getByText('Đã nhập danh sách: 144 đại biểu mới.')).toBeVisible();
	await expect(page.getByTestId('delegate-total')).toHaveText('144');
	await expect(page.getByRole('button', { name: 'Cấp tỉnh: 33' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Cấp huyện: 28' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Cấp xã: 57' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Tập thể, cá nhân được khen thưởng: 26' })).toBeVisible();
	const rows = page.getByTestId('delegate-table').locator('tbody tr:not(.bg-slate-50)');
	await expect(rows.first()).toContainText('Ngô Ngọc Nhung');
	// Search without accents, then a tier filter.
	await page.getByLabel('Tìm kiếm').fill('ngo ngoc nhung');
	await expect(page.getByTestId('shown-count')).toContainText('1 / 1');
	await page.getByLabel('Tìm kiếm').fill('');
	await page.getByRole('button', { name: 'Cấp huyện: 28' }).click();
	await expect(page.getByTestId('shown-count')).toContainText('28 / 28');
	expect(page.url()).toContain('tier=');

	// Reorder: the second delegate of Cấp tỉnh goes first, by keyboard.
	await page.goto(`${base}/delegates/order`);
	const tier = page.getByRole('region', { name: /Cấp tỉnh/ });
	await expect(tier.getByTestId('order-row').nth(1)).toContainText('Hồ Minh Dũng');
	await tier.getByRole('button', { name: /Di chuyển Hồ Minh Dũng/ }).focus();
	await page.keyboard.press('ArrowUp');
	await expect(tier.getByTestId('order-row').first()).toContainText('Hồ Minh Dũng');
	await page.waitForResponse((r) => r.url().includes('/delegates/order') && r.request().method() === 'POST');
	await page.reload();
	await expect(page.getByRole('region', { name: /Cấp tỉnh/ }).getByTestId('order-row').first()).toContainText('Hồ Minh Dũng');
	// And back down with the button (works without JavaScript too).
	await page.getByRole('button', { name: 'Đưa Hồ Minh Dũng xuống' }).click();
	await expect(page.getByRole('region', { name: /Cấp tỉnh/ }).getByTestId('order-row').first()).toContainText('Ngô Ngọc Nhung');

	// Export: the same 144 people, in protocol order, with a section row per tier.
	await page.goto(`${base}/delegates`);
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Xuất Excel' }).click();
	const file = await (await download).path();
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(fs.readFileSync(file!) as unknown as ExcelJS.Buffer);
	const ws = wb.worksheets[0];
	const names: string[] = [];
	const sections: string[] = [];
	ws.eachRow((row, n) => {
		if (n <= 5) return;
		const stt = row.getCell(1).value;
		if (typeof stt === 'number') names.push(String(row.getCell(3).value));
		else if (stt) sections.push(String(stt));
	});
	expect(names).toHaveLength(144);
	expect(names[0]).toBe('Ngô Ngọc Nhung');
	expect(sections).toEqual(['A. CẤP TỈNH', 'B. CẤP HUYỆN', 'C. CẤP XÃ', 'D. TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG']);
});

test('the demo list: a unit invitation, a substitute to place, the seating plan and its PDFs', async ({ page }) => {
	await login(page, 'organiser');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}/delegates?kind=unit`);
	await expect(page.getByText('Lãnh đạo Sở Tư pháp')).toBeVisible();
	await page.goto(`/events/${id}/delegates?needsPlacing=1`);
	const sub = page.getByTestId('delegate-table').getByRole('link').first();
	await sub.click();
	await expect(page.getByRole('heading', { name: 'Cần xếp ngôi thứ' })).toBeVisible();
	await page.getByRole('button', { name: 'Xếp', exact: true }).click();
	await expect(page.getByText('Đã xếp ngôi thứ.')).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Cần xếp ngôi thứ' })).toBeHidden();

	await page.goto(`/events/${id}/delegates/seating`);
	await expect(page.getByRole('button', { name: /^Ghế ĐCT-1: / })).toBeVisible();
	page.once('dialog', (d) => d.accept());
	await page.getByRole('button', { name: 'Xếp tự động theo thứ tự lễ tân' }).click();
	await expect(page.getByText(/Đã xếp \d+ ghế theo thứ tự lễ tân/)).toBeVisible();
	// Swap two seats by clicking them.
	const a = page.getByRole('button', { name: /^Ghế ĐCT-1: / });
	const before = (await a.getAttribute('aria-label'))!.replace('Ghế ĐCT-1: ', '');
	await a.click();
	await page.getByRole('button', { name: /^Ghế ĐCT-2: / }).click();
	await expect(page.getByRole('button', { name: `Ghế ĐCT-2: ${before}` })).toBeVisible();
	for (const pdf of ['seating/plan.pdf', 'seating/name-cards.pdf', 'list.pdf']) {
		const res = await page.request.get(`/events/${id}/delegates/${pdf}`);
		expect(res.status(), pdf).toBe(200);
		expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
	}
});

test('delegate pages fit a phone screen; a viewer reads but cannot edit', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await login(page, 'viewer');
	const id = await demoEventId(page);
	for (const p of ['', '/order', '/seating', '/print']) {
		await page.goto(`/events/${id}/delegates${p}`);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow, p).toBeLessThanOrEqual(1);
	}
	await page.goto(`/events/${id}/delegates`);
	await expect(page.getByRole('link', { name: '+ Thêm đại biểu' })).toHaveCount(0);
	await expect(page.getByRole('combobox', { name: /^Phản hồi của/ })).toHaveCount(0);
	const res = await page.goto(`/events/${id}/delegates/import`);
	expect(res?.status()).toBe(403);
});
