#include "vtk_support.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <vtkErrorCode.h>
#include <vtkExecutive.h>
#include <vtkXMLReader.h>

#include "photodose/common/errors.h"

namespace photodose::vtk_support {

void MessageCatcher::Execute(vtkObject* /*caller*/, unsigned long event, void* call_data) {
  if (event == vtkCommand::ErrorEvent) has_error_ = true;
  if (!call_data) return;
  // VTK's text reads "ERROR: In FILE, line N\nClass (0x...): message\n\n"; keep the message's
  // first line, and leave out the pipeline's echo of a reader's failure, which adds nothing.
  std::string message(static_cast<const char*>(call_data));
  if (auto at = message.find("): "); at != std::string::npos) message = message.substr(at + 3);
  message = message.substr(0, message.find('\n'));
  while (!message.empty() && (message.back() == ' ' || message.back() == '.')) message.pop_back();
  if (message.empty() || message.find("returned failure for request") != std::string::npos ||
      text_.find(message) != std::string::npos)
    return;
  if (!text_.empty()) text_ += "; ";
  text_ += message;
}

void MessageCatcher::watch(vtkObject* object) {
  object->AddObserver(vtkCommand::ErrorEvent, this);
  object->AddObserver(vtkCommand::WarningEvent, this);
}

void MessageCatcher::watch_algorithm(vtkAlgorithm* algorithm) {
  watch(algorithm);
  watch(algorithm->GetExecutive());
  if (auto* xml = vtkXMLReader::SafeDownCast(algorithm)) {
    xml->SetReaderErrorObserver(this);
    xml->SetParserErrorObserver(this);
  }
}

void check_writable(const std::filesystem::path& path, const std::string& what) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) {
    const int error = errno;
    throw RuntimeError("cannot write " + what + " '" + path.string() + "': " +
                       std::strerror(error) + "; check that the directory exists and is writable");
  }
  std::fclose(file);
}

std::string describe_failure(unsigned long vtk_error_code, const MessageCatcher& messages) {
  std::string reason;
  switch (vtk_error_code) {
    case vtkErrorCode::NoError:
      break;
    case vtkErrorCode::FileNotFoundError:
      reason = "file not found";
      break;
    case vtkErrorCode::CannotOpenFileError:
      reason = "cannot open the file";
      break;
    case vtkErrorCode::UnrecognizedFileTypeError:
      reason = "unrecognised file type";
      break;
    case vtkErrorCode::PrematureEndOfFileError:
      reason = "the file ends too early";
      break;
    case vtkErrorCode::FileFormatError:
      reason = "format error";
      break;
    case vtkErrorCode::NoFileNameError:
      reason = "no file name";
      break;
    case vtkErrorCode::OutOfDiskSpaceError:
      reason = "No space left on device (or a file-size limit reached)";
      break;
    default:
      // Below FirstVTKErrorCode VTK passes on the system's errno (e.g. ENOSPC, EFBIG): give
      // the operating system's words.
      reason = vtk_error_code < vtkErrorCode::FirstVTKErrorCode
                   ? std::string(std::strerror(int(vtk_error_code)))
                   : "VTK error code " + std::to_string(vtk_error_code);
  }
  if (!messages.text().empty()) reason += (reason.empty() ? "" : ": ") + messages.text();
  if (reason.empty()) reason = "VTK reported a failure without a reason";
  return reason;
}

}  // namespace photodose::vtk_support
