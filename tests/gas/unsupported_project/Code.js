// A project that calls a method the platform has and lockstep's runtime does not.
function shareFolder() {
  const folder = DriveApp.getRootFolder();
  folder.addEditor('someone@example.com');
}
