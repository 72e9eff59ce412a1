#pragma once
// The tissue table (data/tissues/tissues.json, compiled into the program): one row per tissue
// with every optical, thermal and oxygen value, the citation of each group, and the name of its
// thermal damage model (photodose/thermal/damage_model.h, which holds the damage values). The
// built-in library is this table; adding a tissue is adding a row (docs/physics.md section 2).
#include <string>
#include <string_view>
#include <vector>

#include "photodose/optics/tissue.h"

namespace photodose::optics {

// Parses and validates a tissue table. Every row must give every key of every group (unknown
// keys are errors too), each value inside its physical range, a non-empty citation for each
// group and a name no other row has. A bad row is a RuntimeError naming the file, the row's
// JSON pointer and name, the bad value and what is allowed: the table is part of the program,
// so a bad row is a build defect, not user input.
std::vector<TissueProperties> parse_tissue_table(std::string_view text,
                                                 const std::string& file_name);

// The rows of the embedded data/tissues/tissues.json.
std::vector<TissueProperties> load_builtin_tissue_table();

}  // namespace photodose::optics
