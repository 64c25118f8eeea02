import type { LogPositionOrStart } from '@benefits/event-store';
import type { SqlDatabase } from '@benefits/sql';

/** Where a forwarder keeps how far it has published. */
export interface CheckpointStore {
  load(checkpointId: string): Promise<LogPositionOrStart | null>;
  save(checkpointId: string, position: LogPositionOrStart): Promise<void>;
}

export class SqlCheckpointStore implements CheckpointStore {
  constructor(private readonly db: SqlDatabase) {}

  async load(checkpointId: string): Promise<LogPositionOrStart | null> {
    const rows = await this.db.query<{ position: string }>('SELECT position FROM messaging.checkpoints WHERE checkpoint_id = $1', [checkpointId]);
    return rows[0]?.position ?? null;
  }

  async save(checkpointId: string, position: LogPositionOrStart): Promise<void> {
    await this.db.query(
      `INSERT INTO messaging.checkpoints (checkpoint_id, position) VALUES ($1, $2)
       ON CONFLICT (checkpoint_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [checkpointId, position],
    );
  }
}
