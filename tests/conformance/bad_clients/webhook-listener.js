// The bad clients' webhook receiver (curl cannot listen): node webhook-listener.js PORT SECONDS
// binds 127.0.0.1:PORT, says "listening" once bound, answers every POST with a 200 and prints
// "JOB_ID JOB_STATE" for each, a duplicate as often as it comes. It ends after SECONDS, or as
// soon as its standard input closes: the driver that started it holds the other end, so the
// receiver never outlives it.
'use strict';
const http = require('node:http');

const [port, seconds] = process.argv.slice(2).map(Number);
if (!Number.isInteger(port) || port <= 0 || !(seconds > 0)) {
  process.stderr.write('usage: node webhook-listener.js PORT SECONDS\n');
  process.exit(2);
}
const maxBodyBytes = 1 << 20;

const server = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => {
    if (body.length < maxBodyBytes) body += chunk;
  });
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    let job = {};
    try {
      job = JSON.parse(body);
    } catch {
      // Not a job's body: printed as "- -", for the driver to judge.
    }
    process.stdout.write(`${job.job_id || '-'} ${job.job_state || '-'}\n`);
  });
});
server.on('error', (error) => {
  process.stderr.write(`webhook-listener: ${error.message}\n`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));

setTimeout(() => process.exit(0), seconds * 1000);
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
// The driver has gone (its end of the pipe closed): nothing is left to tell.
process.stdout.on('error', () => process.exit(0));
process.stdin.resume();
