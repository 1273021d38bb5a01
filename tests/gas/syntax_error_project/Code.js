function ok() { return 1; }
function broken() {
  return {;
}
