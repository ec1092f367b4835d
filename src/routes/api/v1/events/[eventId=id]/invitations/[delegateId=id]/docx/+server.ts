import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { downloadLetterDocx, downloadResponse } from '$lib/server/invitations/downloads';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params }, principal) =>
	downloadResponse(await downloadLetterDocx(db(), principal, apiIdParam(params.eventId), apiIdParam(params.delegateId)))
);
