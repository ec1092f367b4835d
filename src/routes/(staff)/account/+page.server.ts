import { db } from '$lib/server/db';
import { formValues, requirePrincipal, runAction } from '$lib/server/http';
import { actorOf } from '$lib/server/auth/access';
import { changePassword } from '$lib/server/accounts/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const sessions = await db()
		.selectFrom('user_session')
		.select(['id', 'created_at', 'expires_at', 'ip', 'user_agent'])
		.where('user_id', '=', principal.user.id)
		.orderBy('created_at', 'desc')
		.execute();
	const current = event.locals.session?.id;
	return {
		sessions: sessions.map((s) => ({
			current: s.id === current,
			createdAt: s.created_at.toISOString(),
			expiresAt: s.expires_at.toISOString(),
			ip: s.ip,
			userAgent: s.user_agent
		}))
	};
};

export const actions: Actions = {
	password: async (event) => {
		const principal = requirePrincipal(event);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await changePassword(db(), actorOf(principal), principal.user.id, v.current, v.next);
			return { ok: true, message: 'Đã đổi mật khẩu' };
		});
	},
	signOutOthers: async (event) => {
		const principal = requirePrincipal(event);
		await db()
			.deleteFrom('user_session')
			.where('user_id', '=', principal.user.id)
			.where('id', '!=', event.locals.session?.id ?? '')
			.execute();
		return { ok: true, message: 'Đã đăng xuất khỏi các thiết bị khác' };
	}
};
