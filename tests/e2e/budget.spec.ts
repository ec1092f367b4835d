import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { expect, test } from './fixtures';
import { demoEventId, login } from './helpers';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

test('finance builds a line over its norm with a reason, records an expense with a receipt, reverses it and downloads the quyết toán', async ({ page }) => {
	await login(page, 'finance');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}`);
	await page.getByRole('link', { name: 'Kinh phí', exact: true }).click();
	await expect(page).toHaveTitle(/^Kinh phí — /);
	await expect(page.getByText('Kinh phí Dự án 7 – Chương trình MTQG giảm nghèo bền vững').first()).toBeVisible();

	// A dự toán line over its norm: the page says so before saving, the server asks for a reason.
	await page.getByRole('navigation', { name: 'Mục kinh phí' }).getByRole('link', { name: 'Dự toán' }).click();
	// The overview's chart is also labelled "Khoản mục": wait for the estimate page before using its form.
	await expect(page).toHaveTitle(/^Dự toán — /);
	await page.getByLabel('Khoản mục').selectOption('refreshments');
	await page.getByLabel('Nội dung chi').fill('Giải khát giữa giờ buổi chiều');
	await page.getByLabel('Đơn vị tính').fill('người × buổi');
	await page.getByLabel('Số lượng', { exact: true }).fill('100');
	await page.getByLabel('Đơn giá (đồng)').fill('50.000');
	const norm = page.locator('#line-norm option', { hasText: 'Nước uống, giải khát giữa giờ — 40.000' });
	await page.getByLabel('Định mức áp dụng').selectOption((await norm.getAttribute('value'))!);
	await expect(page.getByText('Vượt định mức 10.000 đ/đơn vị')).toBeVisible();
	await expect(page.getByText('Thành tiền: 5.000.000 đ')).toBeVisible();
	await page.getByRole('button', { name: 'Thêm khoản chi' }).click();
	await expect(page.getByText('Cần nêu lý do trước khi lưu')).toBeVisible();
	await expect(page.getByText(/vượt định mức 40\.000 đ/)).toBeVisible();
	await page.getByLabel('Lý do vượt định mức / vượt số được giao').fill('Giá dịch vụ của Trung tâm Hội nghị tỉnh');
	await page.getByRole('button', { name: 'Lưu với lý do' }).click();
	await expect(page.getByText('Đã thêm khoản chi.')).toBeVisible();
	const row = page.getByRole('row').filter({ hasText: 'Giải khát giữa giờ buổi chiều' });
	await expect(row.getByText('vượt định mức')).toBeVisible();
	await expect(row.getByText('Lý do vượt: Giá dịch vụ của Trung tâm Hội nghị tỉnh')).toBeVisible();

	// A thực chi entry with its receipt scan.
	await page.getByRole('navigation', { name: 'Mục kinh phí' }).getByRole('link', { name: 'Thực chi' }).click();
	await expect(page).toHaveTitle(/^Thực chi — /);
	const option = page.locator('#exp-line option', { hasText: 'Giải khát giữa giờ buổi chiều' });
	await page.getByLabel('Khoản chi trong dự toán').selectOption((await option.getAttribute('value'))!);
	await expect(page.getByText('Nguồn: Kinh phí Dự án 7')).toBeVisible();
	await page.getByLabel('Ngày chứng từ').fill('2026-12-18');
	await page.getByLabel('Số chứng từ').fill('PC 201');
	await page.getByLabel('Người nhận / đơn vị cung cấp').fill('Trung tâm Hội nghị tỉnh Khánh Hòa');
	await page.locator('#exp-description').fill('Giải khát buổi chiều');
	await page.getByLabel('Số tiền (đồng)').fill('4.500.000');
	await page.getByLabel(/Bản quét chứng từ \(JPEG/).setInputFiles({ name: 'hoa-don-201.pdf', mimeType: 'application/pdf', buffer: PDF });
	await page.getByRole('button', { name: 'Ghi chứng từ' }).click();
	await expect(page.getByText('Đã ghi chứng từ.')).toBeVisible();
	const entry = page.getByRole('row').filter({ hasText: 'PC 201' }).filter({ hasNotText: 'PC 201/ĐC' });
	await expect(entry.getByRole('link', { name: 'Tải bản quét' })).toBeVisible();
	const receipt = page.waitForEvent('download');
	await entry.getByRole('link', { name: 'Tải bản quét' }).click();
	expect((await receipt).suggestedFilename()).toBe('hoa-don-201.pdf');

	// Corrected by a reversal entry, never by editing.
	await entry.getByRole('link', { name: 'Đảo bút toán' }).click();
	await page.getByLabel('Ngày bút toán đảo').fill('2026-12-19');
	await page.getByLabel('Lý do đảo bút toán').fill('Ghi nhầm khoản chi');
	await page.getByRole('button', { name: 'Đảo bút toán' }).click();
	await expect(page.getByText('Đã đảo bút toán.')).toBeVisible();
	await expect(page.getByRole('row').filter({ hasText: 'PC 201/ĐC' }).getByText('-4.500.000')).toBeVisible();
	await expect(entry.getByText('đã đảo')).toBeVisible();

	// The quyết toán as .xlsx.
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Tải quyết toán .xlsx' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^quyet-toan-hoi-nghi-\d+\.xlsx$/);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(fs.readFileSync((await file.path())!) as never);
	expect(wb.getWorksheet('Quyết toán')!.getCell('A5').value).toBe('QUYẾT TOÁN KINH PHÍ');
	let found = false;
	wb.getWorksheet('Chứng từ')!.eachRow((r) => {
		if (r.getCell(3).value === 'PC 201/ĐC') found = r.getCell(8).value === -4_500_000;
	});
	expect(found).toBe(true);
});

test('finance names who signs the reports; the quyết toán prints them', async ({ page }) => {
	await login(page, 'finance');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}/budget`);
	const signers = page.getByTestId('signers');
	await expect(signers).toContainText('THỦ TRƯỞNG ĐƠN VỊ');
	await page.getByText('Người ký báo cáo').click();
	await page.getByLabel('Họ tên').first().fill('Trần Văn Toán');
	await page.locator('#sg-head-title').fill('giám đốc');
	await page.locator('#sg-head').fill('Lê Minh Thủ');
	await page.getByRole('button', { name: 'Lưu người ký' }).click();
	await expect(page.getByText('Đã lưu người ký')).toBeVisible();
	await expect(signers).toContainText('GIÁM ĐỐC');
	await expect(signers).toContainText('Lê Minh Thủ');
	await expect(signers).toContainText('Trần Văn Toán');

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Quyết toán .xlsx' }).click();
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(fs.readFileSync((await (await download).path())!) as never);
	const texts: string[] = [];
	wb.getWorksheet('Quyết toán')!.eachRow((r) => (r.values as unknown[]).forEach((v) => typeof v === 'string' && texts.push(v)));
	expect(texts).toEqual(expect.arrayContaining(['KẾ TOÁN TRƯỞNG', 'Trần Văn Toán', 'GIÁM ĐỐC', 'Lê Minh Thủ']));
});

test('the budget works on a phone-sized screen', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await login(page, 'finance');
	const id = await demoEventId(page);
	for (const p of ['', '/lines', '/expenses', '/sources', '/norms']) {
		await page.goto(`/events/${id}/budget${p}`);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow, p).toBeLessThanOrEqual(1);
	}
});

test('an organiser reads the budget without editing; the viewer sees nothing of it', async ({ page }) => {
	await login(page, 'organiser');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}/budget/lines`);
	await expect(page.getByText('Chỉ xem — kế toán cập nhật số liệu')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Thêm khoản chi' })).toHaveCount(0);
	await page.goto(`/events/${id}/budget`);
	await expect(page.getByTestId('signers')).toBeVisible();
	await expect(page.getByText('Người ký báo cáo')).toHaveCount(0);
	await page.context().clearCookies();

	await login(page, 'viewer');
	await page.goto(`/events/${id}`);
	await expect(page.getByRole('navigation', { name: 'Mục của hội nghị' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Kinh phí', exact: true })).toHaveCount(0);
	await expect(page.getByTestId('budget-card')).toHaveCount(0);
	const res = await page.goto(`/events/${id}/budget`);
	expect(res?.status()).toBe(403);
	const api = await page.request.get(`/api/v1/events/${id}/budget`);
	expect(api.status()).toBe(403);
});
