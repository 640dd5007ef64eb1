/** The migrated database that every test database is cloned from. */
export const TEMPLATE_DATABASE = 'bpm_test_template';
