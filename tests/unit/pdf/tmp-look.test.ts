import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { renderNameCards } from '$lib/server/pdf/name-card';
it('look', async () => {
	writeFileSync('/tmp/look-nc.pdf', await renderNameCards([{ name: 'Nguyễn Thị Ánh Tuyết', salutation: 'Bà', position: 'Phó Chủ tịch', unit: 'Ủy ban nhân dân tỉnh Ninh Thuận' }]));
});
