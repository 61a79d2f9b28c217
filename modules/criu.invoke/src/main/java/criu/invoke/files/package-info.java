/**
 * The one reader, checker and deleter of what lies in a job user's directory ({@link
 * criu.invoke.files.UserFiles}): no link followed, regular files only, bounded.
 */
package criu.invoke.files;
