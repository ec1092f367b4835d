import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { demoEventId, login } from './helpers';

const FIXTURE = path.resolve('tests/fixtures/so-ket-2024-ninh-thuan/awards.xlsx');

function pdfPages(file: string): number | null {
	try {
		const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
		return Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
	} catch {
		return null;
	}
}

test('an organiser imports the award list, sees the prizes, generates batches, prints the certificates and runs the stage', async ({ page }) => {
	test.setTimeout(180_000);
	page.on('dialog', (d) => d.accept());
	await login(page, 'organiser');
	const id = await demoEventId(page);

	// The demo decision is there, with NĐ 152/2025 prizes at 2,530,000 đ.
	await page.goto(`/events/${id}/awards`);
	await expect(page).toHaveTitle(/Khen thưởng/);
	await expect(page.getByRole('link', { name: 'Số 3125/QĐ-UBND' })).toBeVisible();

	// Import the Ninh Thuận list: preview first, nothing imported yet.
	await page.getByLabel('Tệp danh sách').setInputFiles(FIXTURE);
	await page.getByRole('button', { name: 'Xem trước' }).click();
	await expect(page.getByRole('heading', { name: 'Xem trước: awards.xlsx' })).toBeVisible();
	await expect(page.getByText('30 dòng', { exact: true })).toBeVisible();
	await expect(page.getByText('12 tập thể', { exact: true })).toBeVisible();
	await expect(page.getByText('Tổng tiền thưởng 118.800.000 ₫')).toBeVisible();
	await expect(page.getByLabel('Số quyết định')).toHaveValue('512/QĐ-UBND');
	await expect(page.getByLabel('Ngày quyết định')).toHaveValue('2024-04-10');
	await page.getByLabel('Họ tên người ký').fill('Trịnh Minh Hoàng');
	await page.getByRole('button', { name: 'Nhập 30 dòng' }).click();

	// The decision page: every prize recorded (NĐ 98/2023 defaults at 1,800,000 đ, marked unverified).
	await expect(page.getByRole('heading', { name: 'Quyết định số 512/QĐ-UBND' })).toBeVisible();
	await expect(page.getByText('Đã nhập 30 tập thể, cá nhân, hộ gia đình')).toBeVisible();
	const amounts = page.getByTestId('award-amount');
	await expect(amounts).toHaveCount(30);
	await expect(amounts.nth(0)).toHaveText(/5\.400\.000 ₫/);
	await expect(amounts.nth(12)).toHaveText(/2\.700\.000 ₫/);
	await expect(amounts.nth(29)).toHaveText(/4\.050\.000 ₫/);
	await expect(page.getByText('Có giá trị chưa xác minh')).toBeVisible();

	// Batches: generated in precedence order with the stage capacity.
	await page.goto(`/events/${id}/awards/batches`);
	await page.getByLabel('Số người trên sân khấu mỗi đợt').fill('8');
	await page.getByRole('button', { name: 'Tạo lại các đợt' }).click();
	await expect(page.getByText(/Đã tạo \d+ đợt/)).toBeVisible();
	const batches = page.getByTestId('batch');
	await expect.poll(() => batches.count()).toBeGreaterThanOrEqual(8);
	// the 2024 decision comes before the 2026 one (same form: earlier decision first), collectives first
	await expect(batches.first()).toContainText('Tập thể');
	await expect(batches.first()).toContainText('Quyết định số 512/QĐ-UBND');
	await expect(batches.first().getByTestId('batch-award').first()).toContainText('Phòng Lao động - Thương binh và Xã hội huyện Bác Ái');

	// Certificates: one PDF of all, in ceremony order.
	await page.goto(`/events/${id}/certificates`);
	await expect(page.getByRole('heading', { name: 'In bằng khen' })).toBeVisible();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-all').click()]);
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hn-e2e-cert-')), download.suggestedFilename());
	await download.saveAs(file);
	expect(download.suggestedFilename()).toMatch(/\.pdf$/);
	expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
	const pages = pdfPages(file);
	if (pages !== null) expect(pages).toBe(60);

	// The stage view steps batch by batch.
	await page.goto(`/events/${id}/stage`);
	await page.getByRole('button', { name: 'Mời đợt 1 ▶' }).click();
	await expect(page.getByTestId('on-stage')).toContainText('Đợt 1');
	await page.getByRole('button', { name: 'Đợt tiếp theo ▶' }).click();
	await expect(page.getByTestId('on-stage')).toContainText('Đợt 2');

	// A printed code opens the public confirmation page, for anyone.
	const res = await page.request.get(`/api/v1/events/${id}/awards`);
	const { awards } = (await res.json()) as { awards: { name: string; verificationCode: string }[] };
	const dieu = awards.find((a) => a.name === 'Thông Thị Thu Diệu')!;
	const visitor = await page.context().browser()!.newPage();
	await visitor.goto(`/v/${dieu.verificationCode}`);
	await expect(visitor.getByText('✓ Đã xác thực')).toBeVisible();
	await expect(visitor.getByText('Thông Thị Thu Diệu')).toBeVisible();
	await expect(visitor.getByText('Số 512/QĐ-UBND, ngày 10 tháng 4 năm 2024')).toBeVisible();
	const missing = await visitor.goto('/v/AAAA-AAAA-AA');
	expect(missing?.status()).toBe(404);
	await visitor.close();
});

test('a viewer sees the awards but cannot change them or print', async ({ page }) => {
	await login(page, 'viewer');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}/awards`);
	await expect(page.getByRole('link', { name: 'Số 3125/QĐ-UBND' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Xem trước' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'In bằng khen' })).toHaveCount(0);
	const r = await page.goto(`/events/${id}/certificates`);
	expect(r?.status()).toBe(403);
});
