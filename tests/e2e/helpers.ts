import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'hoinghi-demo-2026';
export const USERS = {
	admin: 'quantri@demo.hoinghi.vn',
	organiser: 'bantochuc@demo.hoinghi.vn',
	finance: 'ketoan@demo.hoinghi.vn',
	reception: 'letan@demo.hoinghi.vn',
	viewer: 'xem@demo.hoinghi.vn'
} as const;

export async function login(page: Page, who: keyof typeof USERS): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('Email').fill(USERS[who]);
	await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/events/);
}

/** The demo conference's id (the first event in the list). */
export async function demoEventId(page: Page): Promise<number> {
	await page.goto('/events');
	const href = await page.getByRole('link', { name: /Hội nghị tổng kết/ }).first().getAttribute('href');
	return Number(href!.split('/').pop());
}
