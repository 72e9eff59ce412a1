#pragma once
// Small pieces shared by the VTK-based readers and writers (private to the io module).
#include <filesystem>
#include <string>

#include <vtkAlgorithm.h>
#include <vtkCommand.h>
#include <vtkNew.h>
#include <vtkObject.h>

namespace photodose::vtk_support {

// Collects the error and warning messages a VTK object raises instead of letting VTK print them
// to stderr, so they can go into the exception the user sees.
class MessageCatcher : public vtkCommand {
 public:
  static MessageCatcher* New() { return new MessageCatcher; }
  void Execute(vtkObject* caller, unsigned long event, void* call_data) override;
  // Watches `object` (errors and warnings) until the catcher is destroyed.
  void watch(vtkObject* object);
  // Watches a reader or writer, its pipeline executive and, for VTK XML readers, the XML parser
  // inside (whose errors VTK would otherwise print).
  void watch_algorithm(vtkAlgorithm* algorithm);

  bool has_error() const { return has_error_; }
  // The messages without VTK's file/line prefix, separated by "; ".
  const std::string& text() const { return text_; }

 private:
  bool has_error_ = false;
  std::string text_;
};

// Opens (creating or truncating) `path` for writing and closes it again, so that a missing
// directory, a permission problem or a full disk is reported with the operating system's reason
// before VTK, which reports only "cannot open", tries. Throws RuntimeError naming the path.
void check_writable(const std::filesystem::path& path, const std::string& what);

// " (reason)" for a VTK writer's error code and the caught messages, for error messages.
std::string describe_failure(unsigned long vtk_error_code, const MessageCatcher& messages);

}  // namespace photodose::vtk_support
