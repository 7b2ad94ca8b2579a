#pragma once

// Adapts a Transport to Beast's SyncReadStream/SyncWriteStream with a read deadline: either an
// absolute one (a request head must arrive within the idle timeout) or a per-read one (a body
// may take long as long as bytes keep coming).

#include <chrono>
#include <cstring>
#include <optional>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>

#include "engine/http/transport.hpp"

namespace engine::http::detail {

class BeastStream final {
  public:
    explicit BeastStream(Transport& transport) : transport_(transport) {}

    /// Reads must complete before `deadline`.
    void SetDeadline(Clock::time_point deadline) {
        deadline_ = deadline;
        per_read_.reset();
    }
    /// Each read may wait `timeout` for bytes.
    void SetPerReadTimeout(std::chrono::milliseconds timeout) {
        deadline_.reset();
        per_read_ = timeout;
    }

    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
        ec = {};
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != boost::asio::buffer_sequence_end(buffers);
             ++it) {
            const boost::asio::mutable_buffer buffer(*it);
            if (buffer.size() == 0) {
                continue;
            }
            std::optional<Clock::time_point> deadline = deadline_;
            if (per_read_) {
                deadline = Clock::now() + *per_read_;
            }
            std::error_code error;
            const std::size_t count =
                transport_.ReadSome(static_cast<char*>(buffer.data()), buffer.size(), deadline, error);
            if (error) {
                ec = Convert(error);
            } else if (count == 0) {
                ec = boost::asio::error::eof;
            }
            return count;
        }
        return 0;
    }
    template <class MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers) {
        boost::system::error_code ec;
        const std::size_t count = read_some(buffers, ec);
        if (ec) {
            throw boost::system::system_error(ec);
        }
        return count;
    }

    /// Writes the whole sequence (small sequences as one send), so it never returns short.
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
        ec = {};
        const std::size_t total = boost::asio::buffer_size(buffers);
        std::error_code error;
        if (total <= kCoalesce) {
            std::string joined(total, '\0');
            boost::asio::buffer_copy(boost::asio::buffer(joined), buffers);
            transport_.WriteAll(joined, error);
        } else {
            for (auto it = boost::asio::buffer_sequence_begin(buffers);
                 it != boost::asio::buffer_sequence_end(buffers) && !error;
                 ++it) {
                const boost::asio::const_buffer buffer(*it);
                transport_.WriteAll({static_cast<const char*>(buffer.data()), buffer.size()}, error);
            }
        }
        if (error) {
            ec = Convert(error);
            return 0;
        }
        return total;
    }
    template <class ConstBufferSequence>
    std::size_t write_some(const ConstBufferSequence& buffers) {
        boost::system::error_code ec;
        const std::size_t count = write_some(buffers, ec);
        if (ec) {
            throw boost::system::system_error(ec);
        }
        return count;
    }

  private:
    static constexpr std::size_t kCoalesce = 64 * 1024;

    static boost::system::error_code Convert(const std::error_code& error) {
        if (error.value() == ETIMEDOUT) {
            return boost::asio::error::timed_out;
        }
        return {error.value(), boost::system::generic_category()};
    }

    Transport& transport_;
    std::optional<Clock::time_point> deadline_;
    std::optional<std::chrono::milliseconds> per_read_;
};

}  // namespace engine::http::detail
