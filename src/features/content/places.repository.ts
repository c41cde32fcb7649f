import type { Db } from '../../infra/db.js';
import type { ContentStatus, NearbyPlace, Place, PlaceInput, SearchIndex } from './content.types.js';

interface Row {
  id: number;
  account_id: string;
  name: string;
  kind: string;
  address: string | null;
  phone: string | null;
  hours: string | null;
  lat: number | null;
  lng: number | null;
  note: string | null;
  status: ContentStatus;
  created_at: Date;
  updated_at: Date;
  distance?: number;
  total?: number;
}

const COLUMNS = 'id, account_id, name, kind, address, phone, hours, lat, lng, note, status, created_at, updated_at';

const toPlace = (row: Row): Place => ({
  id: row.id,
  accountId: row.account_id,
  name: row.name,
  kind: row.kind,
  address: row.address,
  phone: row.phone,
  hours: row.hours,
  lat: row.lat,
  lng: row.lng,
  note: row.note,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const params = (input: PlaceInput, index: SearchIndex) => [
  input.name,
  input.kind,
  input.address ?? null,
  input.phone ?? null,
  input.hours ?? null,
  input.lat ?? null,
  input.lng ?? null,
  input.note ?? null,
  input.status ?? 'draft',
  index.matchKeys,
  index.vector,
];

/** Great-circle distance in metres (haversine, mean Earth radius 6371 km) from ($2, $3). */
const DISTANCE = `6371000 * 2 * asin(least(1, sqrt(
  power(sin(radians(lat - $2) / 2), 2) + cos(radians($2)) * cos(radians(lat)) * power(sin(radians(lng - $3) / 2), 2))))`;

export interface PlaceFilter {
  kind?: string;
  status?: ContentStatus;
  tsquery?: string;
  limit: number;
  offset: number;
}

export function createPlaceRepository(db: Db) {
  return {
    async list(accountId: string, filter: PlaceFilter): Promise<{ items: Place[]; total: number }> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM places
         WHERE account_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR status = $3)
           AND ($4::tsquery IS NULL OR search_vec @@ $4::tsquery)
         ORDER BY kind, name, id LIMIT $5 OFFSET $6`,
        [accountId, filter.kind ?? null, filter.status ?? null, filter.tsquery ?? null, filter.limit, filter.offset],
      );
      return { items: rows.map(toPlace), total: rows[0]?.total ?? 0 };
    },
    async get(accountId: string, id: number): Promise<Place | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM places WHERE account_id = $1 AND id = $2`, [accountId, id]);
      return rows[0] && toPlace(rows[0]);
    },
    async visible(accountId: string, id: number): Promise<Place | undefined> {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM places WHERE account_id = $1 AND id = $2 AND status = 'published'`, [accountId, id]);
      return rows[0] && toPlace(rows[0]);
    },
    async create(accountId: string, input: PlaceInput, index: SearchIndex): Promise<Place> {
      const { rows } = await db.query<Row>(
        `INSERT INTO places (name, kind, address, phone, hours, lat, lng, note, status, match_keys, search_vec, account_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::tsvector, $12) RETURNING ${COLUMNS}`,
        [...params(input, index), accountId],
      );
      return toPlace(rows[0]!);
    },
    async update(accountId: string, id: number, input: PlaceInput, index: SearchIndex): Promise<Place | undefined> {
      const { rows } = await db.query<Row>(
        `UPDATE places SET name = $1, kind = $2, address = $3, phone = $4, hours = $5, lat = $6, lng = $7, note = $8, status = $9,
           match_keys = $10, search_vec = $11::tsvector, updated_at = now()
         WHERE account_id = $12 AND id = $13 RETURNING ${COLUMNS}`,
        [...params(input, index), accountId, id],
      );
      return rows[0] && toPlace(rows[0]);
    },
    async remove(accountId: string, id: number): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM places WHERE account_id = $1 AND id = $2', [accountId, id]);
      return (rowCount ?? 0) > 0;
    },
    /** The nearest published places with coordinates, optionally of one kind. */
    async nearest(accountId: string, lat: number, lng: number, kind: string | null, limit: number): Promise<NearbyPlace[]> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS}, ${DISTANCE} AS distance FROM places
         WHERE account_id = $1 AND status = 'published' AND lat IS NOT NULL AND ($4::text IS NULL OR kind = $4)
         ORDER BY distance, id LIMIT $5`,
        [accountId, lat, lng, kind, limit],
      );
      return rows.map((row) => ({ ...toPlace(row), distance: row.distance! }));
    },
    /** Published places of a kind, and how many of them have coordinates. */
    async visibleOfKind(accountId: string, kind: string, limit: number): Promise<{ items: Place[]; located: number }> {
      const { rows } = await db.query<Row & { located: number }>(
        `SELECT ${COLUMNS}, count(lat) OVER () AS located FROM places
         WHERE account_id = $1 AND kind = $2 AND status = 'published' ORDER BY name, id LIMIT $3`,
        [accountId, kind, limit],
      );
      return { items: rows.map(toPlace), located: rows[0]?.located ?? 0 };
    },
  };
}

export type PlaceRepository = ReturnType<typeof createPlaceRepository>;
