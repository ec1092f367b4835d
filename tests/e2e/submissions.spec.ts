import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { demoEventId, login } from './helpers';
import { toolPresent } from '../helpers/tools';

/** A small PDF made here (Playwright's loader cannot import the app's font files). */
async function pdf(label: string, pages: number): Promise<Buffer> {
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	for (let i = 0; i < pages; i++) doc.addPage([595.28, 841.89]).drawText(`${label} - page ${i + 1}/${pages}`, { x: 60, y: 760, size: 18, font });
	return Buffer.from(await doc.save());
}

const hasPoppler = toolPresent(
	'poppler-utils (pdftotext)',
	(() => {
		try {
			execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
			return true;
		} catch {
			return false;
		}
	})()
);

function pdftotext(path: string, page?: number): string {
	const range = page ? ['-f', String(page), '-l', String(page)] : [];
	return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', ...range, path, '-'], { encoding: 'utf8' }).replace(/[ \u00a0]+/g, ' ');
}

async function decide(page: Page, decision: string, body = '') {
	await page.getByRole('radio', { name: decision }).check();
	if (body) await page.getByRole('textbox', { name: /^(Lý do và nội dung cần sửa.*|Ý kiến)$/ }).fill(body);
	await page.getByRole('button', { name: 'Ghi quyết định' }).click();
	await expect(page.getByText('Đã ghi quyết định')).toBeVisible();
}

test('tham luận end to end: invite, upload by link, new version, send back, resubmit, select, booklet', async ({ page, browser }) => {
	test.setTimeout(120_000);
	await login(page, 'organiser');
	const id = await demoEventId(page);

	// The organiser invites a unit that is not on the delegate list.
	await page.goto(`/events/${id}/submissions/call`);
	await expect(page).toHaveTitle(/Đợt nhận tham luận/);
	await page.getByLabel('Nhập thêm đơn vị').fill('UBND xã Thử Nghiệm E2E, vanphong@thunghiem.xa.gov.vn');
	await page.getByRole('button', { name: 'Mời các đơn vị' }).click();
	const linkBox = page.getByLabel('Liên kết của UBND xã Thử Nghiệm E2E');
	await expect(linkBox).toBeVisible();
	const link = await linkBox.inputValue();
	expect(link).toMatch(/\/u\/[a-z2-7]{32}$/);
	await expect(page.getByText('(đã xếp thư tới vanphong@thunghiem.xa.gov.vn)')).toBeVisible();

	// The unit opens its link, with no account, and sends its tham luận.
	const unitContext = await browser.newContext();
	const unit = await unitContext.newPage();
	await unit.goto(link);
	await expect(unit.getByRole('heading', { name: 'UBND xã Thử Nghiệm E2E' })).toBeVisible();
	await expect(unit.getByTestId('deadline')).toContainText('17:00 08/12/2026');
	await unit.getByLabel('Tên tham luận').fill('Thử Nghiệm chung sức giảm nghèo bền vững');
	await unit.getByLabel('Người trình bày (họ và tên)').fill('Đặng Thị Hồng');
	await unit.getByLabel('Chức vụ người trình bày').fill('Chủ tịch UBND xã');
	await unit.getByLabel('Tệp tham luận').setInputFiles({ name: 'Tham luận xã Thử Nghiệm.pdf', mimeType: 'application/pdf', buffer: await pdf('Tham luan E2E ban 1', 2) });
	await unit.getByRole('button', { name: 'Gửi tham luận' }).click();
	await expect(unit.getByText('Đã nhận bản 1 của tham luận')).toBeVisible();
	await expect(unit.getByText('Bản 1').first()).toBeVisible();

	// A file over 20 MB is stopped in the browser, before sending.
	await unit.getByLabel('Tệp bản mới').setInputFiles({ name: 'qua-lon.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(21 * 1024 * 1024, 0x20) });
	await unit.getByRole('button', { name: 'Gửi', exact: true }).click();
	await expect(unit.getByText(/nặng 21 MB, vượt giới hạn 20 MB/)).toBeVisible();

	// A new version.
	await unit.getByLabel('Tệp bản mới').setInputFiles({ name: 'ban-2.pdf', mimeType: 'application/pdf', buffer: await pdf('Tham luan E2E ban 2', 2) });
	await unit.getByRole('button', { name: 'Gửi', exact: true }).click();
	await expect(unit.getByText('Đã nhận bản 2 của tham luận')).toBeVisible();
	await expect(unit.getByRole('heading', { name: 'Các bản đã gửi' })).toBeVisible();

	// The organiser reviews it and sends it back.
	await page.goto(`/events/${id}/submissions`);
	await page.getByRole('link', { name: 'Thử Nghiệm chung sức giảm nghèo bền vững' }).click();
	await expect(page.getByRole('heading', { name: 'Thử Nghiệm chung sức giảm nghèo bền vững' })).toBeVisible();
	await expect(page.getByRole('cell', { name: /ban-2\.pdf/ })).toBeVisible();
	await page.getByRole('textbox', { name: 'Ý kiến', exact: true }).fill('Phần số liệu còn thiếu năm 2025.');
	await page.getByRole('button', { name: 'Ghi ý kiến' }).click();
	await expect(page.getByText('Đã ghi ý kiến.')).toBeVisible();
	await decide(page, 'Trả lại để sửa', 'Đề nghị bổ sung số hộ thoát nghèo năm 2025.');
	await expect(page.getByText('Quyết định: Trả lại để sửa')).toBeVisible();

	// The unit reads why and sends a corrected version.
	await unit.reload();
	await expect(unit.getByText('Ban tổ chức đề nghị chỉnh sửa tham luận')).toBeVisible();
	await expect(unit.getByTestId('revision-note')).toHaveText('Đề nghị bổ sung số hộ thoát nghèo năm 2025.');
	await unit.getByLabel('Tệp bản mới').setInputFiles({ name: 'ban-sua.pdf', mimeType: 'application/pdf', buffer: await pdf('Tham luan E2E ban sua', 3) });
	await unit.getByRole('button', { name: 'Gửi', exact: true }).click();
	await expect(unit.getByText('Đã nhận bản 3 của tham luận')).toBeVisible();

	// Selected for presentation.
	await page.reload();
	await expect(page.getByText('Đã nộp, chờ xem xét').first()).toBeVisible();
	await decide(page, 'Chọn trình bày tại hội nghị');
	await unit.reload();
	await expect(unit.getByText('Tham luận được chọn trình bày tại hội nghị')).toBeVisible();
	await expect(unit.getByText('Không nhận tệp mới')).toBeVisible();
	await unitContext.close();

	// It is in the speaking order, after the demo's two.
	await page.goto(`/events/${id}/submissions`);
	await expect(page.getByLabel('Thứ tự của UBND xã Thử Nghiệm E2E')).toHaveValue('3');

	// The booklet: generated, downloaded, checked.
	await page.goto(`/events/${id}/submissions/booklet`);
	await page.getByRole('button', { name: /Tạo lại tài liệu|Tạo tài liệu hội nghị/ }).click();
	await expect(page.getByText(/Đã tạo tài liệu \d+ trang/)).toBeVisible({ timeout: 30_000 });
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải tài liệu (PDF)' }).click()]);
	expect(download.suggestedFilename()).toMatch(/^Tài liệu hội nghị \d{4}-\d{2}-\d{2}\.pdf$/);
	const file = await download.path();
	const booklet = await PDFDocument.load(fs.readFileSync(file));
	// cover 1 + contents 1 + report 4 + presented (3 + 2 + 3) + printed 2
	expect(booklet.getPageCount()).toBe(1 + 1 + 4 + 3 + 2 + 3 + 2);
	test.skip(!hasPoppler, 'pdftotext (poppler-utils) is needed to read the booklet text');
	const toc = pdftotext(file, 2);
	expect(toc).toContain('MỤC LỤC');
	expect(toc).toContain('II. THAM LUẬN TRÌNH BÀY TẠI HỘI NGHỊ');
	expect(toc).toContain('3. Thử Nghiệm chung sức giảm nghèo bền vững');
	expect(toc).toMatch(/UBND xã Thử Nghiệm E2E — Đặng Thị Hồng, Chủ tịch UBND xã[ .]+12\n/);
	expect(pdftotext(file, 12)).toContain('Tham luan E2E ban sua - page 1/3');
	expect(pdftotext(file, 1)).toContain('TÀI LIỆU HỘI NGHỊ');
});

test('an altered link is a Vietnamese 404, and a viewer reads without the review tools', async ({ page }) => {
	const res = await page.goto('/u/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
	expect(res?.status()).toBe(404);
	await expect(page.getByText('Liên kết không đúng hoặc đã hết hạn')).toBeVisible();
	await login(page, 'viewer');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}/submissions`);
	await expect(page.getByRole('heading', { name: 'Tham luận của các đơn vị' })).toBeVisible();
	await expect(page.getByRole('button', { name: /Nhắc/ })).toHaveCount(0);
	await page.getByRole('table').getByRole('link', { name: /Phước Hà chung sức/ }).click();
	await expect(page.getByRole('heading', { name: 'Các phiên bản' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Ghi ý kiến' })).toHaveCount(0);
});

test('the upload page fits a phone', async ({ page, browser }) => {
	await login(page, 'organiser');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}/submissions/call`);
	await page.getByLabel('Nhập thêm đơn vị').fill('UBND phường Điện Thoại');
	await page.getByRole('button', { name: 'Mời các đơn vị' }).click();
	const link = await page.getByLabel('Liên kết của UBND phường Điện Thoại').inputValue();
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const p = await phone.newPage();
	await p.goto(link);
	await expect(p.getByRole('button', { name: 'Gửi tham luận' })).toBeVisible();
	const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow).toBeLessThanOrEqual(1);
	await phone.close();
});

test('the organiser uploads a tham luận sent by email, on behalf of its unit', async ({ page }) => {
	await login(page, 'organiser');
	const id = await demoEventId(page);
	await page.goto(`/events/${id}/submissions/call`);
	await page.getByLabel('Nhập thêm đơn vị').fill('UBND xã Gửi Bằng Email');
	await page.getByRole('button', { name: 'Mời các đơn vị' }).click();
	await expect(page.getByLabel('Liên kết của UBND xã Gửi Bằng Email')).toBeVisible();
	const row = page.locator('section[aria-labelledby="inv-h"] > ul > li').filter({ hasText: 'UBND xã Gửi Bằng Email' });
	await row.getByText('Thao tác').click();
	await row.getByLabel('Tên tham luận').fill('Gửi qua email vẫn được ghi nhận');
	await row.getByLabel('Người trình bày').fill('Phan Văn Gửi');
	await row.getByLabel('Tệp tham luận của UBND xã Gửi Bằng Email').setInputFiles({ name: 'tu-email.pdf', mimeType: 'application/pdf', buffer: await pdf('Tu email', 1) });
	await row.getByRole('button', { name: 'Tải lên' }).click();
	await expect(page.getByText('Đã lưu bản 1 thay cho đơn vị.')).toBeVisible();
	await page.getByRole('link', { name: 'Xem tham luận' }).click();
	await expect(page.getByRole('heading', { name: 'Gửi qua email vẫn được ghi nhận' })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Nguyễn Thị Thu Hà' })).toBeVisible();
});
