// Writes a tar file of a freshly initialised PGlite data directory to the path given as argument
// (atomically: a temporary file renamed into place). The test run's PGlite databases start from it
// instead of each running initdb (BENEFITS_PGLITE_TEMPLATE, libs/sql/src/pglite-options.ts).
import { renameSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const target = process.argv[2];
if (!target) throw new Error('usage: pglite-template.mjs <file.tar>');
const db = await PGlite.create();
const tar = await db.dumpDataDir('none');
await db.close();
const partial = `${target}.${process.pid}.partial`;
writeFileSync(partial, Buffer.from(await tar.arrayBuffer()));
renameSync(partial, target);
