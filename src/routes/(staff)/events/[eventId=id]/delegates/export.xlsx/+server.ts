import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { idParam, requirePrincipal } from '$lib/server/http';
import { isDomainError } from '$lib/server/errors';
import { exportRows, renderDelegatesXlsx } from '$lib/server/delegates/export';
import { parseListFilters } from '$lib/server/delegates/schema';
import type { RequestHandler } from './$types';

/** The list as .xlsx, in protocol order (the page's filters apply). */
export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	try {
		const { event: e, items } = await exportRows(db(), principal, eventId, parseListFilters(event.url.searchParams));
		const bytes = await renderDelegatesXlsx(e, items);
		return new Response(bytes as BodyInit, {
			headers: {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'content-disposition': `attachment; filename="danh-sach-dai-bieu-${eventId}.xlsx"`,
				'x-content-type-options': 'nosniff',
				'cache-control': 'private, no-store'
			}
		});
	} catch (err) {
		if (isDomainError(err)) error(err.status, { message: err.message, code: err.code });
		throw err;
	}
};
