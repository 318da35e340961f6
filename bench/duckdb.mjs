// duckdb.mjs — DuckDB's side of make bench, through the @duckdb/node-api
// package that make bench installs into the build folder (bench/package.json).
//
// usage: node duckdb.mjs prep DB REGIONS_CSV INDICATORS_CSV   empty tables, catalogs loaded
//        node duckdb.mjs load DB CSV                          the observations, one COPY
//        node duckdb.mjs query DB SQL                         rows to standard output
//        node duckdb.mjs export DB SQL                        CSV with a header to standard output
//
// The obs table has the columns sqlite3's has (bench/run.sh), without a
// primary key: DuckDB keeps a table in column segments and an ART index
// beside it, and the bare table is its smallest and fastest form.
import { DuckDBInstance } from '@duckdb/node-api';

const [cmd, db, a, b] = process.argv.slice(2);
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const inst = await DuckDBInstance.create(db);
const con = await inst.connect();

switch (cmd) {
case 'prep':
	await con.run(`CREATE TABLE obs(indicator VARCHAR NOT NULL, region VARCHAR NOT NULL,
		period VARCHAR NOT NULL, value DOUBLE, qualifier VARCHAR, status VARCHAR,
		source VARCHAR, vintage VARCHAR)`);
	await con.run('CREATE TABLE regions(code VARCHAR PRIMARY KEY, name VARCHAR, level VARCHAR)');
	await con.run('CREATE TABLE indicators(id VARCHAR PRIMARY KEY, name VARCHAR, unit VARCHAR)');
	await con.run(`COPY regions FROM ${quote(a)} (HEADER)`);
	await con.run(`COPY indicators FROM ${quote(b)} (HEADER)`);
	break;
case 'load':
	await con.run(`COPY obs FROM ${quote(a)} (HEADER)`);
	await con.run('CHECKPOINT');
	break;
case 'query': {
	const r = await con.runAndReadAll(a);
	process.stdout.write(r.getRows().map((row) => row.join('|')).join('\n') + '\n');
	break;
}
case 'export':
	await con.run(`COPY (${a}) TO '/dev/stdout' (HEADER)`);
	break;
default:
	console.error('usage: node duckdb.mjs prep|load|query|export DB ...');
	process.exit(2);
}
con.closeSync();
inst.closeSync();
