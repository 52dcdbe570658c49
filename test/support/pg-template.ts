/**
 * Vitest global setup: when the run covers PostgreSQL, one database is migrated once and every test's
 * fresh PostgreSQL store is created from it as a template (CREATE DATABASE … TEMPLATE), instead of
 * running every migration again for each test. The template is dropped at the end of the run.
 */
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/store/database.js';
import { STORE_KINDS, withClient } from './stores.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** name of the migrated template database, when the run covers PostgreSQL */
    pgTemplate: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const admin = process.env.DATABASE_URL;
  if (!admin || !STORE_KINDS.includes('postgres')) {
    project.provide('pgTemplate', undefined);
    return undefined;
  }
  const name = `amanah_test_template_${process.pid}`;
  await withClient(admin, (c) => c.query(`create database "${name}"`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const store = await openStore(url.toString());
  await store.close();
  project.provide('pgTemplate', name);
  return async () => {
    await withClient(admin, (c) => c.query(`drop database if exists "${name}" with (force)`));
  };
}
