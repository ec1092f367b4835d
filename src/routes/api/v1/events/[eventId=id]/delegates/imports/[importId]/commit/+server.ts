import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { DomainError } from '$lib/server/errors';
import { commitImport } from '$lib/server/delegates/import';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'delegate.edit');
	let body: Record<string, unknown> = {};
	const text = await request.text();
	if (text.trim()) {
		try {
			const parsed = JSON.parse(text);
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed;
			else throw new Error();
		} catch {
			throw new DomainError('invalid_json', 'Nội dung gửi lên phải là một đối tượng JSON');
		}
	}
	const result = await commitImport(db(), principal, eventId, params.importId ?? '', {
		planDigest: typeof body.planDigest === 'string' ? body.planDigest : undefined,
		sha256: typeof body.sha256 === 'string' ? body.sha256 : undefined,
		skipErrorRows: body.skipErrorRows === true
	});
	return json(result);
});
