import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { downloadLetterDocx, downloadResponse } from '$lib/server/invitations/downloads';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const delegateId = idParam(event.params.delegateId);
	return downloadResponse(await guardLoad(() => downloadLetterDocx(db(), principal, eventId, delegateId)));
};
