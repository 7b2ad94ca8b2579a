// The one source of the targets that own the precompiled headers (cmake/BerthLibrary.cmake).
