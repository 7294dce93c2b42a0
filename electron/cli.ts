// Placeholder until the CLI lands (issue 2, part 5).
console.log('ips-jobs: not built yet');
