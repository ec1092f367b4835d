import { expect, test } from './fixtures';
import { demoEventId, login } from './helpers';

test('an organiser re-times the programme, edits the MC script and starts an item on the stage', async ({ page }) => {
	test.setTimeout(120_000);
	page.on('dialog', (d) => d.accept());
	await login(page, 'organiser');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}/programme`);
	await expect(page).toHaveTitle(/Chương trình/);
	const rows = page.getByTestId('programme-row');
	await expect(rows.first()).toContainText('07:30–07:45');
	await expect(rows.first()).toContainText('Chương trình văn nghệ chào mừng');

	// The report lasts 40 minutes instead of 25: the next item moves by 15 minutes.
	const report = rows.filter({ hasText: 'Báo cáo tổng kết' });
	const next = rows.nth(4);
	const before = await next.locator('td').nth(1).innerText();
	await report.getByRole('button', { name: 'Sửa' }).click();
	await page.getByLabel('Thời lượng (phút)').first().fill('40');
	await page.getByRole('button', { name: 'Lưu', exact: true }).click();
	await expect(next.locator('td').nth(1)).not.toHaveText(before);
	await expect(next).toContainText('08:40');

	// The MC script: generated, edited, saved.
	await page.getByRole('link', { name: 'Kịch bản dẫn chương trình' }).click();
	const text = page.getByLabel('Nội dung kịch bản');
	await expect(text).toHaveValue(/KỊCH BẢN DẪN CHƯƠNG TRÌNH/);
	await expect(text).toHaveValue(/Đợt 1: Trân trọng kính mời đại diện các tập thể sau lên nhận Bằng khen/);
	const value = await text.inputValue();
	await text.fill(value.replace('(Chương trình văn nghệ chào mừng Hội nghị.)', '(Đoàn Ca múa nhạc dân tộc Khánh Hòa biểu diễn.)'));
	await page.getByRole('button', { name: 'Lưu kịch bản' }).click();
	await expect(page.getByText('Đã lưu kịch bản.')).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Nội dung kịch bản')).toHaveValue(/Đoàn Ca múa nhạc dân tộc Khánh Hòa biểu diễn/);
	const pdf = await page.request.get(`/events/${id}/programme/script/pdf`);
	expect(pdf.headers()['content-type']).toBe('application/pdf');

	// The stage manager starts the first item: now / next / late.
	await page.goto(`/events/${id}/stage`);
	await expect(page.getByTestId('late')).toHaveText('Chưa bắt đầu');
	await page.getByTestId('start-next').click();
	await expect(page.getByRole('region', { name: 'Đang diễn ra' })).toContainText('Chương trình văn nghệ chào mừng');
	await expect(page.getByRole('region', { name: 'Tiếp theo' })).toContainText('Chào cờ');
	await expect(page.getByTestId('late')).toHaveText(/Muộn|Sớm|Đúng giờ/);
});
