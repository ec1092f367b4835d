import { redirect, type RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { formValues, guardLoad, runAction } from '$lib/server/http';
import { replyByLink, replyPage, type LinkReply } from '$lib/server/invitations/replies';
import { parsePerson } from '$lib/server/invitations/person';
import { REPLY_LABELS } from '$lib/server/invitations/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	// A personal page: never cached by a proxy, never indexed.
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex, nofollow' });
	const p = await guardLoad(() => replyPage(db(), params.token));
	return {
		...p,
		event: { ...p.event, startsAt: p.event.startsAt.toISOString(), endsAt: p.event.endsAt?.toISOString() ?? null },
		delegate: { ...p.delegate, repliedAt: p.delegate.repliedAt?.toISOString() ?? null },
		replyLabels: REPLY_LABELS,
		justSubstituted: url.searchParams.has('da-cu')
	};
};

function ip(event: RequestEvent): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

async function act(event: RequestEvent, build: (v: Record<string, string>) => LinkReply, done: string) {
	const v = formValues(await event.request.formData());
	const token = event.params.token!;
	const r = await runAction(async () => {
		const res = await replyByLink(db(), token, build(v), ip(event));
		return { ok: true, message: done, res };
	}, v);
	if ('res' in r && r.res.substituteLink) redirect(303, `/r/${r.res.next}?da-cu=1`);
	if ('res' in r) return { ok: true, message: done };
	return r;
}

export const actions: Actions = {
	attend: (event) => act(event, () => ({ action: 'attend' }), 'Cảm ơn! Ban Tổ chức đã nhận xác nhận tham dự.'),
	decline: (event) => act(event, (v) => ({ action: 'decline', reason: v.reason ?? '' }), 'Ban Tổ chức đã nhận thông báo không tham dự. Xin cảm ơn.'),
	substitute: (event) => act(event, (v) => ({ action: 'substitute', person: parsePerson(v) }), 'Đã ghi nhận người dự thay.'),
	add: (event) => act(event, (v) => ({ action: 'add_attendee', person: parsePerson(v) }), 'Đã đăng ký đại biểu.'),
	// Not an id (a hand-made post): 0 matches nobody and answers "not found", never a database error.
	remove: (event) => act(event, (v) => ({ action: 'remove_attendee', attendeeId: /^[1-9]\d{0,9}$/.test(v.attendeeId ?? '') && Number(v.attendeeId) <= 2147483647 ? Number(v.attendeeId) : 0 }), 'Đã bỏ tên đại biểu.')
};
