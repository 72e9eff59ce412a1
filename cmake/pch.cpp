// The translation unit that builds the shared precompiled header (CMakeLists.txt,
// photodose_pch); it has no code of its own.
